using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using BuyList.Contracts;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.AppHost;

/// <summary>
/// The whole app under the AppHost, as <c>dotnet run --project BuyList.AppHost</c> runs it, pointed at a
/// Kafka-protocol broker on loopback (no Docker here) through the existing-connection-string switch.
/// </summary>
public sealed class AppHostRunTests
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_purchase_posted_through_the_apphost_lands_on_the_topic_once_and_is_listed_when_mongodb_is_reachable()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic(PurchaseMessaging.Topic, partitions: 6);
        cluster.CreateTopic(PurchaseMessaging.DeadLetterTopic);
        var mongo = Environment.GetEnvironmentVariable(Requires.MongoDbVariable);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BuyList_AppHost>(
        [
            $"--ConnectionStrings:kafka={cluster.BootstrapServers}",
            // Without a server Management waits for MongoDB and never starts; Facing does not need it.
            $"--ConnectionStrings:mongodb={(string.IsNullOrWhiteSpace(mongo) ? "mongodb://127.0.0.1:9/buylist" : mongo)}",
        ], ct);
        await using var app = await builder.BuildAsync(ct);
        using var start = CancellationTokenSource.CreateLinkedTokenSource(ct);
        start.CancelAfter(s_startTimeout);
        await app.StartAsync(start.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("facing", start.Token);

        using var facing = app.CreateHttpClient("facing", "http");
        var userId = $"apphost-{Guid.NewGuid():N}"[..24];
        using var response = await facing.PostAsJsonAsync("/buy", new { username = "Ada", userid = userId, price = 12.5m }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var purchase = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["purchase"]!;
        var id = (string)purchase["id"]!;

        var messages = cluster.ReadAll(PurchaseMessaging.Topic, atLeast: 1, TimeSpan.FromSeconds(30))
            .Where(m => m.Message.Key == userId).ToList();
        var message = Assert.Single(messages);
        Assert.Equal(id, PurchaseJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(message.Message.Value)).Id);

        if (string.IsNullOrWhiteSpace(mongo))
        {
            TestContext.Current.SendDiagnosticMessage(
                $"Skipped the listing step: no MongoDB server (set {Requires.MongoDbVariable} to list the purchase back through GET /getAllUserBuys).");
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"Listing step skipped: no MongoDB server ({Requires.MongoDbVariable} is not set).");
            return;
        }

        await app.ResourceNotifications.WaitForResourceHealthyAsync("management", start.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var list = await facing.GetFromJsonAsync<JsonArray>($"/getAllUserBuys/{userId}", ct);
            if (list!.Any(p => (string)p!["id"]! == id))
            {
                Assert.Single(list!);
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The purchase was not listed within 60 s.");
            await Task.Delay(500, ct);
        }
    }
}
