using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BuyList.Contracts;
using BuyList.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace BuyList.Tests.Component.Facing;

/// <summary>
/// When Kafka cannot take a purchase, the client hears 503 with Retry-After and the purchase is really not recorded:
/// no message turns up later, when the broker is back.
/// </summary>
public sealed class BrokerOutageTests
{
    [Fact]
    public async Task With_the_broker_down_a_purchase_gets_503_and_is_not_recorded_even_after_the_broker_returns()
    {
        await using var app = FacingApp.Start(new Dictionary<string, string>
        {
            // Short so the test is; production waits 10 s (appsettings.json).
            ["Kafka:Producer:MessageTimeoutMs"] = "3000",
            ["Kafka:Producer:RequestTimeoutMs"] = "1000",
        });
        using var metrics = new FacingMeters(app.Services);
        app.Cluster.SetBrokerDown(1);

        using var refused = await app.Client.PostAsJsonAsync("/buy", new { username = "Refused", userid = "ada-1", price = 10 },
            TestContext.Current.CancellationToken);

        var problem = await Problems.ReadAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("not recorded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "A 503 tells the client when to retry.");
        Assert.Equal(1, metrics.Rejected.GetMeasurementSnapshot().Tagged("reason", "broker_unavailable").EvaluateAsCounter());
        Assert.Empty(metrics.Accepted.GetMeasurementSnapshot());

        app.Cluster.SetBrokerUp(1);

        // The producer reconnects with a backoff; the client retries as a 503 asks it to, with one Idempotency-Key so
        // that retries after an uncertain outcome stay one purchase.
        var accepted = await RetryUntilCreatedAsync(app, new { username = "Accepted", userid = "ada-1", price = 11 }, "after-outage-1");
        var id = PurchaseIds.FromIdempotencyKey("ada-1", "after-outage-1");
        Assert.Equal(id, accepted);

        // Same key, same partition: had the refused purchase been kept in the producer's queue, it would be on the
        // partition before the accepted one. Every message there is the accepted purchase.
        var messages = await app.ReadPurchasesAsync(atLeast: 1);
        Assert.NotEmpty(messages);
        Assert.All(messages, m =>
        {
            var purchase = PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(m.Message.Value));
            Assert.Equal((id, "Accepted"), (purchase.Id, purchase.Username));
        });
        Assert.Equal(messages.Count, app.CountPurchases());
    }

    private static async Task<string> RetryUntilCreatedAsync(FacingApp app, object purchase, string idempotencyKey)
    {
        var answer = await Eventually.ReturnsAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/buy") { Content = JsonContent.Create(purchase) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
            // Until it recovers, Facing answers as promised: 503.
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}");
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
        }, r => r.StatusCode == HttpStatusCode.Created, "Facing accepts the purchase again after the broker came back",
            TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1));
        return answer.Body.GetProperty("purchase").GetProperty("id").GetString()!;
    }
}
