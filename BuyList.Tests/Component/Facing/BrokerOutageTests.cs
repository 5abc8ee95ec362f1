using System.Diagnostics;
using System.Text;
using BuyList.Contracts;
using BuyList.ServiceDefaults;
using BuyList.Tests.Component.Contract;

namespace BuyList.Tests.Component.Facing;

/// <summary>
/// When Kafka cannot take a purchase, the client hears 503 with Retry-After and the purchase is really not recorded:
/// no message turns up later, when the broker is back. Readiness is what every route needs, and no route of Facing
/// needs Kafka: during the outage Facing stays in the Service (a 503, not a connection error) and listing keeps
/// working, while <c>/health</c> shows the outage.
/// </summary>
public sealed class BrokerOutageTests
{
    private const int MessageTimeoutMs = 3000;

    /// <summary>
    /// Merges the readiness test into the outage test: one outage, seen by the probes and by a client. Its 503 is held to
    /// the OpenAPI document (what was OpenApiConformanceTests' "a purchase the broker did not take is a documented 503").
    /// </summary>
    [Fact]
    public async Task With_the_broker_down_Facing_stays_ready_and_lists_and_a_purchase_gets_503_and_is_not_recorded_even_after_the_broker_returns()
    {
        var token = TestContext.Current.CancellationToken;
        await using var app = new FakeManagement().StartFacing(new Dictionary<string, string>
        {
            // Short so the test is; production waits 10 s (appsettings.json).
            ["Kafka:Producer:MessageTimeoutMs"] = $"{MessageTimeoutMs}",
            ["Kafka:Producer:RequestTimeoutMs"] = "1000",
        });
        using var metrics = new FacingMeters(app.Services);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, ServiceDefaultsExtensions.ReadyPath));
        app.Cluster.SetBrokerDown(1);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(app, ServiceDefaultsExtensions.HealthPath));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, ServiceDefaultsExtensions.ReadyPath));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, ServiceDefaultsExtensions.AlivePath));
        var watch = Stopwatch.StartNew();
        using var refused = await app.Client.PostAsJsonAsync("/buy", new { username = "Refused", userid = "ada-1", price = 10 }, token);
        watch.Stop();

        var problem = await Problems.ReadAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("not recorded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "A 503 tells the client when to retry.");
        await OpenApiContract.Facing.AssertConformsAsync(refused, "post", "/buy");
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(MessageTimeoutMs + 2000),
            $"The 503 came after {watch.Elapsed}, not within the producer's message timeout ({MessageTimeoutMs} ms).");
        Assert.Equal(1, metrics.Rejected.GetMeasurementSnapshot().Tagged("reason", "broker_unavailable").EvaluateAsCounter());
        Assert.Empty(metrics.Accepted.GetMeasurementSnapshot());
        using var listed = await app.Client.GetAsync("/getAllUserBuys/ada-1", token);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("[]", await listed.Content.ReadAsStringAsync(token));

        app.Cluster.SetBrokerUp(1);

        // The producer reconnects with a backoff; the client retries as a 503 asks it to, with one Idempotency-Key so
        // that retries after an uncertain outcome stay one purchase.
        var accepted = await Eventually.ReturnsAsync(async () =>
        {
            using var response = await app.Client.PostBuyAsync(new { username = "Accepted", userid = "ada-1", price = 11 }, ("Idempotency-Key", "after-outage-1"));
            // Until it recovers, Facing answers as promised: 503.
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}");
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>(token));
        }, r => r.StatusCode == HttpStatusCode.Created, "Facing accepts the purchase again after the broker came back",
            TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1));
        var id = PurchaseIds.FromIdempotencyKey("ada-1", "after-outage-1");
        Assert.Equal(id, accepted.Body.GetProperty("purchase").GetProperty("id").GetString());

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

    private static async Task<HttpStatusCode> StatusAsync(FacingApp app, string path)
    {
        using var response = await app.Client.GetAsync(path, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
