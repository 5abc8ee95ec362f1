extern alias management;

using BuyList.Management.Messaging.Consuming;
using BuyList.Management.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Management in-process from its own entry point, against <paramref name="kafkaBootstrapServers"/>, with
/// <paramref name="store"/> in place of MongoDB (which is then never contacted), or without one its MongoDB store on
/// <paramref name="mongodb"/> (by default an address where nothing listens). Without <paramref name="runConsumer"/>
/// only the HTTP API runs; <paramref name="logs"/> receives the service's logs.
/// </summary>
public sealed class ManagementFactory(
    string kafkaBootstrapServers,
    IPurchaseStore? store = null,
    bool runConsumer = true,
    IReadOnlyDictionary<string, string>? settings = null,
    FakeLogCollector? logs = null,
    string mongodb = Loopback.UnreachableMongoDB)
    : ServiceFactory<management::Program>([
        new("ConnectionStrings:kafka", kafkaBootstrapServers),
        new("ConnectionStrings:mongodb", mongodb),
        .. s_testSettings,
        .. settings ?? new Dictionary<string, string>()])
{
    /// <summary>
    /// Short waits so failure and recovery happen within a test's time. The mock cluster keeps a group that a member
    /// left rebalancing for the session timeout, so a short session makes the next join quick.
    /// </summary>
    private static readonly Dictionary<string, string> s_testSettings = new()
    {
        ["Purchases:RetryInitialDelay"] = "00:00:00.100",
        ["Purchases:RetryMaxDelay"] = "00:00:00.500",
        ["Purchases:LagRefreshInterval"] = "00:00:01",
        ["Kafka:Consumer:SessionTimeoutMs"] = $"{KafkaTestKit.SessionTimeoutMs}",
        ["Kafka:Consumer:HeartbeatIntervalMs"] = $"{KafkaTestKit.HeartbeatIntervalMs}",
    };

    /// <summary>Management with its consumer running on <c>purchases</c> of <paramref name="partitions"/> (the host starts on first use of its services).</summary>
    public static ManagementFactory Consuming(KafkaMockCluster cluster, IPurchaseStore store, int partitions, FakeLogCollector? logs = null) =>
        new(cluster.BootstrapServers, store, logs: logs, settings: new Dictionary<string, string> { ["Purchases:Partitions"] = $"{partitions}" });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        if (logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)));
        }

        builder.ConfigureTestServices(services =>
        {
            if (store is not null)
            {
                services.RemoveAll<IPurchaseStore>();
                services.AddSingleton(store);
            }

            if (!runConsumer)
            {
                services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PurchaseConsumer)));
            }
        });
    }
}
