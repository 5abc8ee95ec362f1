using BuyList.Contracts;
using Confluent.Kafka;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Facing in-process (TestServer) against its own Kafka mock cluster, which has the <c>purchases</c> topic with
/// 6 partitions as in production. Settings and services are replaced the way any host's are: configuration and DI.
/// </summary>
public sealed class FacingApp(KafkaMockCluster cluster, FacingFactory factory) : IAsyncDisposable
{
    public const string Topic = PurchaseMessaging.Topic;
    public const int Partitions = 6;

    public KafkaMockCluster Cluster => cluster;

    public FacingFactory Factory => factory;

    public HttpClient Client { get; } = factory.CreateClient();

    public IServiceProvider Services => Factory.Services;

    /// <param name="settings">Configuration on top of appsettings.json.</param>
    /// <param name="services">Service replacements.</param>
    /// <param name="kestrel">Serve over a real loopback socket rather than the in-memory TestServer.</param>
    public static FacingApp Start(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null,
        bool kestrel = false)
    {
        var cluster = KafkaTestKit.PurchaseCluster(Partitions);
        try
        {
            var factory = new FacingFactory(cluster.BootstrapServers, settings, services);
            if (kestrel)
            {
                factory.StartOnKestrel();
            }

            return new FacingApp(cluster, factory);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Every message on the topic, read from the start by a fresh consumer group.</summary>
    public Task<IReadOnlyList<ConsumeResult<string, string>>> ReadPurchasesAsync(int atLeast) =>
        Cluster.ReadAllAsync(Topic, atLeast, TimeSpan.FromSeconds(60));

    /// <summary>How many messages the topic holds (the sum of its partitions' high watermarks).</summary>
    public long CountPurchases() => KafkaTestKit.HighWatermarks(Cluster.BootstrapServers, Topic, Partitions).Sum();

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync(); // with its client
        cluster.Dispose();
    }
}
