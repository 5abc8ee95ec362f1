using BuyList.Management.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BuyList.Tests.Component.Management;

/// <summary>
/// Management at start stops for a store that is wrong. (Once StartupTests and ConsumerStartupTests; the settings it
/// refuses at start are in Component/StartupValidationTests, and waiting for a store that is away is in
/// PurchaseConsumerTests.)
/// </summary>
[Collection(HostStartupCollection.Name)]
public sealed class ManagementStartupTests
{
    [Fact]
    public async Task A_store_that_can_never_be_set_up_stops_the_service_instead_of_being_retried_forever()
    {
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 1);
        var store = new FakePurchaseStore();
        store.FailInitialize(_ => new PurchaseStoreSetupException("An index conflicts.", new InvalidOperationException()));
        var logs = new FakeLogCollector();
        await using var factory = ManagementFactory.Consuming(cluster, store, partitions: 1, logs);

        await Eventually.HoldsAsync(() => HasStopped(factory), "the service stops");

        Assert.Equal(1, store.InitializeAttempts);
        Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Critical
            && r.Message.Contains("Could not initialize the purchase store, and retrying cannot help", StringComparison.Ordinal));
    }

    /// <summary>
    /// Stopping was requested, or the host already stopped and disposed its services: a store that fails at once can stop
    /// the service before the factory hands its services out.
    /// </summary>
    private static bool HasStopped(ManagementFactory factory)
    {
        try
        {
            return factory.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
