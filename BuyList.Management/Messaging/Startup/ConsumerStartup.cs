using BuyList.Management.Storage;
using Microsoft.Extensions.Options;

namespace BuyList.Management.Messaging.Startup;

/// <summary>
/// What the consumer needs before it consumes: the topics exist and the store is prepared. Each step is retried with
/// the consumer's backoff until it succeeds, so the service waits for a broker or a database that is not there yet;
/// a store that conflicts with this version (<see cref="PurchaseStoreSetupException"/>) stops the service instead,
/// since retrying would never succeed while the service looked healthy.
/// </summary>
public sealed class ConsumerStartup(
    TopicProvisioner provisioner,
    IPurchaseStore store,
    IOptions<PurchaseConsumerOptions> options,
    TimeProvider timeProvider,
    ILogger<ConsumerStartup> logger)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await RetryUntilDoneAsync("provision Kafka topics", provisioner.EnsureTopicsAsync, stoppingToken);
        await RetryUntilDoneAsync("initialize the purchase store", store.InitializeAsync, stoppingToken);
    }

    private async Task RetryUntilDoneAsync(string step, Func<CancellationToken, Task> action, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action(stoppingToken);
                return;
            }
            catch (PurchaseStoreSetupException ex)
            {
                ManagementLog.StartupStepImpossible(logger, step, ex);
                throw;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = options.Value.RetryDelay(attempt);
                ManagementLog.StartupStepFailed(logger, step, attempt, delay, ex.GetType().Name, ex);
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
        }
    }
}
