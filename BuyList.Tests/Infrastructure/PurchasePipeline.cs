using Microsoft.Extensions.Logging.Testing;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// The whole purchase path in-process, with nothing faked: Facing (TestServer) publishing to a Kafka mock cluster,
/// Management consuming it into a database of its own on the tests' MongoDB server and serving its API on a loopback
/// port, which Facing asks for listings over HTTP as in production.
/// </summary>
internal sealed class PurchasePipeline(KafkaMockCluster cluster, MongoTestDatabase mongodb, ManagementFactory management, FacingFactory facing)
    : IAsyncDisposable
{
    public KafkaMockCluster Cluster => cluster;

    public MongoTestDatabase MongoDB => mongodb;

    public ManagementFactory Management => management;

    /// <summary>A client of Management's internal API.</summary>
    public HttpClient ManagementClient { get; } = management.CreateClient();

    public FacingFactory FacingFactory => facing;

    /// <summary>A client of Facing's public API.</summary>
    public HttpClient Facing { get; } = facing.CreateClient();

    /// <summary>Starts both services; skipped (a failure under CI) without a MongoDB server, as every MongoDB test.</summary>
    public static async Task<PurchasePipeline> StartAsync(string name, FakeLogCollector? managementLogs = null)
    {
        var mongodb = await MongoTestDatabase.CreateAsync(name);
        var cluster = KafkaTestKit.PurchaseCluster(FacingApp.Partitions);
        ManagementFactory? management = null;
        try
        {
            management = new ManagementFactory(cluster.BootstrapServers, logs: managementLogs, mongodb: mongodb.ConnectionString,
                settings: new Dictionary<string, string> { ["Purchases:Partitions"] = $"{FacingApp.Partitions}" });
            var managementAddress = management.StartOnKestrel();
            var facing = new FacingFactory(cluster.BootstrapServers, new Dictionary<string, string> { ["services:management:http:0"] = managementAddress.ToString() });
            return new PurchasePipeline(cluster, mongodb, management, facing);
        }
        catch
        {
            management?.Dispose();
            cluster.Dispose();
            await mongodb.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await facing.DisposeAsync(); // with the clients the factories created
        await Management.DisposeAsync();
        Cluster.Dispose();
        await mongodb.DisposeAsync();
    }
}
