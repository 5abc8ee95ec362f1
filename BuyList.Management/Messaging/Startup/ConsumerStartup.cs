using BuyList.Management.Storage;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace BuyList.Management.Messaging.Startup;

/// <summary>
/// What the consumer needs before it consumes: the topics exist and the store is prepared. Each step runs until it
/// succeeds, with the consumer's backoff (<see cref="PurchaseConsumerOptions.RetryDelay"/>) between attempts, so the service waits for a broker or a database
/// that is not there yet; a store that conflicts with this version (<see cref="PurchaseStoreSetupException"/>) stops
/// the service instead, since retrying would never succeed while the service looked healthy.
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
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(options.Value.RetryDelay(args.AttemptNumber + 1)),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    && ex is not PurchaseStoreSetupException && !args.Context.CancellationToken.IsCancellationRequested),
                OnRetry = args =>
                {
                    var ex = args.Outcome.Exception!;
                    ManagementLog.StartupStepFailed(logger, step, args.AttemptNumber + 1, args.RetryDelay, ex.GetType().Name, ex);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(async token => await action(token), stoppingToken);
        }
        catch (PurchaseStoreSetupException ex)
        {
            ManagementLog.StartupStepImpossible(logger, step, ex);
            throw;
        }
    }
}
