using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BuyList.Contracts;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.AppHost;

/// <summary>The whole data path under the AppHost (see <see cref="AppHostRun"/>).</summary>
public sealed class AppHostRunTests
{
    [Fact]
    public async Task A_purchase_posted_through_the_apphost_lands_on_the_topic_once_and_is_listed_when_mongodb_is_reachable()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = AppHostRun.NewCluster();
        var mongo = Environment.GetEnvironmentVariable(Requires.MongoDbVariable);
        mongo = string.IsNullOrWhiteSpace(mongo) ? null : mongo;
        await using var run = await AppHostRun.StartAsync(cluster, mongo, mongo is null ? ["facing"] : ["facing", "management"], ct);
        using var facing = new HttpClient { BaseAddress = await run.UrlAsync("facing", ct) };
        var userId = $"apphost-{Guid.NewGuid():N}"[..24];
        using var response = await facing.PostAsJsonAsync("/buy", new { username = "Ada", userid = userId, price = 12.5m }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var purchase = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["purchase"]!;
        var id = (string)purchase["id"]!;

        var messages = cluster.ReadAll(PurchaseMessaging.Topic, atLeast: 1, TimeSpan.FromSeconds(30))
            .Where(m => m.Message.Key == userId).ToList();
        var message = Assert.Single(messages);
        Assert.Equal(id, PurchaseJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(message.Message.Value)).Id);

        if (mongo is null)
        {
            TestContext.Current.SendDiagnosticMessage(
                $"Skipped the listing step: no MongoDB server (set {Requires.MongoDbVariable} to list the purchase back through GET /getAllUserBuys).");
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"Listing step skipped: no MongoDB server ({Requires.MongoDbVariable} is not set).");
            return;
        }

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
