using System.Diagnostics;
using BuyList.ServiceDefaults;
using BuyList.Tests.Component.Contract;

namespace BuyList.Tests.Component.Management;

/// <summary>
/// Management stays ready while MongoDB is unreachable because it still answers quickly: a listing gets 503 within
/// <c>Listing:StoreTimeout</c>, not after the driver's 30 s server selection, and Facing can retry or pass the 503 on.
/// Each 503 is held to the OpenAPI document (merges OpenApiConformanceTests' "Management without its store answers
/// documented 503s with Retry-After").
/// </summary>
public sealed class MongoDBOutageTests
{
    [Fact]
    public async Task With_MongoDB_unreachable_Management_stays_ready_and_a_listing_gets_503_quickly()
    {
        using var cluster = KafkaTestKit.PurchaseCluster();
        // Its MongoDB store, on an address where nothing listens.
        await using var management = new ManagementFactory(cluster.BootstrapServers, runConsumer: false);
        using var client = management.CreateClient();
        var token = TestContext.Current.CancellationToken;

        using var ready = await client.GetAsync(ServiceDefaultsExtensions.ReadyPath, token);
        using var health = await client.GetAsync(ServiceDefaultsExtensions.HealthPath, token);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode); // MongoDB's outage stays visible

        // The first listing also loads the driver; the second shows the steady state Facing meets, whose one attempt
        // gets 2 s (Management:AttemptTimeout) while the listing waits 1.5 s for the store; the third is the recent
        // purchases across users, which no caller times. The driver alone would wait 30 s for a server.
        foreach (var (attempt, path, seconds) in new[] { (1, "/purchases/{userid}", 10), (2, "/purchases/{userid}", 2), (3, "/purchases", 10) })
        {
            var watch = Stopwatch.StartNew();
            using var listing = await client.GetAsync(path.Replace("{userid}", "ada-1", StringComparison.Ordinal), token);
            watch.Stop();
            await Problems.ReadAsync(listing, HttpStatusCode.ServiceUnavailable);
            await OpenApiContract.Management.AssertConformsAsync(listing, "get", path);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(seconds), $"Listing {attempt}: the 503 took {watch.Elapsed}.");
        }
    }
}
