using System.Text;
using BuyList.Contracts;

namespace BuyList.Tests.Component.Facing;

/// <summary><c>POST /buy</c> end to end inside Facing: the answer, and the one event it leaves on Kafka.</summary>
public sealed class BuyTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";

    [Fact]
    public async Task A_purchase_is_answered_201_and_published_once_as_a_PurchaseRecorded_event()
    {
        await using var app = FacingApp.Start();
        using var metrics = new FacingMeters(app.Services);
        var before = DateTimeOffset.UtcNow;

        using var response = await app.Client.PostBuyAsync(new { username = "Ada Lovelace", userid = "ada-1", price = 12.5m },
            ("traceparent", $"00-{TraceId}-b7ad6b7169203331-01"));

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Equal("/getAllUserBuys/ada-1", response.Headers.Location?.OriginalString);
        var answer = JsonSerializer.Deserialize(body, PurchaseApiJsonContext.Default.PurchaseCreated)!;
        Assert.Equal("Purchase recorded", answer.Message);
        Assert.Equal(["id", "price", "timestamp", "userid", "username"], JsonElement.Parse(body).GetProperty("purchase").EnumerateObject().Select(p => p.Name).Order());
        var (id, timestamp) = (answer.Purchase.Id, answer.Purchase.Timestamp);
        Assert.Equal(5, Guid.Parse(id).Version); // derived from a key Facing made up, like a client's key
        Assert.Equal(new Purchase(id, "Ada Lovelace", "ada-1", 12.5m, timestamp), answer.Purchase);
        Assert.InRange(timestamp, before, DateTimeOffset.UtcNow);

        var message = Assert.Single(await app.ReadPurchasesAsync(atLeast: 1));
        Assert.Equal(1, app.CountPurchases());
        Assert.Equal("ada-1", message.Message.Key);
        var schema = PurchaseRecordedSchema.Evaluate(message.Message.Value);
        Assert.True(schema.IsValid, PurchaseRecordedSchema.Describe(schema));
        var published = PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(message.Message.Value));
        Assert.Equal(new Purchase(id, "Ada Lovelace", "ada-1", 12.5m, timestamp), published);

        Assert.Equal("application/json", message.Header(PurchaseMessaging.Headers.ContentType));
        Assert.Equal(PurchaseEventType.Name, message.Header(PurchaseMessaging.Headers.EventType));
        Assert.Equal("1", message.Header(PurchaseMessaging.Headers.EventVersion));
        Assert.Equal(id, message.Header(PurchaseMessaging.Headers.PurchaseId));
        // The caller's trace continues through the message, so the purchase is one trace from browser to store.
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-0[01]$", message.Header("traceparent"));

        Assert.Equal(1, metrics.Accepted.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Empty(metrics.Rejected.GetMeasurementSnapshot());
        Assert.Single(metrics.PublishDuration.GetMeasurementSnapshot().Tagged("outcome", "persisted"));
    }

    /// <summary>Merges "the purchase id is derived from the user and the key" with "one user's purchases share a partition in order".</summary>
    [Fact]
    public async Task Each_id_is_derived_from_the_user_and_the_Idempotency_Key_and_one_users_purchases_share_a_partition_in_order()
    {
        await using var app = FacingApp.Start();
        var ids = new List<string>();

        for (var i = 1; i <= 3; i++)
        {
            var key = $"order-2025-11-25_004{i}@web";
            using var response = await app.Client.PostBuyAsync(new { username = "Grace", userid = "grace.h", price = i }, ("Idempotency-Key", key));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            ids.Add(PurchaseIds.FromIdempotencyKey("grace.h", key));
            Assert.Equal(ids[^1], answer.GetProperty("purchase").GetProperty("id").GetString());
        }

        var messages = (await app.ReadPurchasesAsync(atLeast: 3)).OrderBy(m => m.Offset.Value).ToList();
        Assert.Single(messages.Select(m => m.Partition).Distinct());
        Assert.Equal(ids, messages.Select(m => PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(m.Message.Value)).Id));
        Assert.Equal(ids, messages.Select(m => m.Header(PurchaseMessaging.Headers.PurchaseId)));
        Assert.Equal([1m, 2m, 3m], messages.Select(m => PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(m.Message.Value)).Price));
    }
}
