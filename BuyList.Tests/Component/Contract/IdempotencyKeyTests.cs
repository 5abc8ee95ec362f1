using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuyList.Contracts;
using BuyList.Tests.Component.Management;
using BuyList.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace BuyList.Tests.Component.Contract;

/// <summary>
/// An <c>Idempotency-Key</c> belongs to the user who sent it, end to end: Facing publishing to the Kafka mock broker,
/// Management storing into the tests' MongoDB server, the purchases listed back through Facing.
/// </summary>
public sealed class IdempotencyKeyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_users_sending_the_same_key_both_have_their_purchase_listed()
    {
        await using var pipeline = await PurchasePipeline.StartAsync("buylist-keys");

        var ada = await BuyAsync(pipeline, "shared-key-1", "Ada", "ada-1", 10m);
        var bob = await BuyAsync(pipeline, "shared-key-1", "Bob", "bob-2", 20m);

        Assert.NotEqual(ada.Id, bob.Id);
        Assert.Equal([ada], await ListedAsync(pipeline, "ada-1", 1));
        Assert.Equal([bob], await ListedAsync(pipeline, "bob-2", 1));
    }

    /// <summary>Merges "a retry with its key is listed once" with "reusing a key for another price keeps the first purchase and is counted".</summary>
    [Fact]
    public async Task One_user_retrying_with_a_key_has_the_purchase_listed_once_and_reusing_it_for_another_price_keeps_the_first_and_is_counted()
    {
        await using var pipeline = await PurchasePipeline.StartAsync("buylist-keys");
        using var meters = new ManagementMeters(pipeline.Management.Services);

        var first = await BuyAsync(pipeline, "retry-key-1", "Ada", "ada-1", 10m);
        var retry = await BuyAsync(pipeline, "retry-key-1", "Ada", "ada-1", 10m);
        var reused = await BuyAsync(pipeline, "reused-key-1", "Ada", "ada-1", 20m);
        var changed = await BuyAsync(pipeline, "reused-key-1", "Ada", "ada-1", 99m);

        Assert.Equal(first.Id, retry.Id);
        // The 201 describes the request it accepted; the purchase under that id stays the first (docs/reliability.md).
        Assert.Equal(reused.Id, changed.Id);
        Assert.Equal(99m, changed.Price);
        await Eventually.HoldsAsync(() => meters.Consumed == 4, "Management has consumed all four messages");
        Assert.Equal([reused, first], await ListedAsync(pipeline, "ada-1", 2));
        // Both repeats are duplicates; only the one with another price is a key conflict.
        Assert.Equal(2, meters.Duplicates.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, meters.KeyConflicts.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task An_event_published_under_the_old_rule_keeps_its_id_and_is_stored_once_when_replayed()
    {
        await using var pipeline = await PurchasePipeline.StartAsync("buylist-keys");
        using var meters = new ManagementMeters(pipeline.Management.Services);
        // Before release 18 the key itself was the id, in the event and in its purchase-id header.
        var old = PurchaseJson.Deserialize(PurchaseJson.Serialize(new Purchase("old-key-1", "Ada", "ada-1", 10m,
            PurchaseRules.ToTimestamp(DateTimeOffset.UtcNow.AddMinutes(-1)))));

        await KafkaTestKit.ProduceAsync(pipeline.Cluster, [TestMessages.Message(old), TestMessages.Message(old)]);
        await Eventually.HoldsAsync(() => meters.Consumed == 2, "Management has consumed the event and its replay");

        Assert.Equal([old], await ListedAsync(pipeline, "ada-1", 1));
        Assert.Equal(1, meters.Duplicates.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    private static async Task<Purchase> BuyAsync(PurchasePipeline pipeline, string key, string username, string userId, decimal price)
    {
        using var response = await pipeline.Facing.PostBuyAsync(new { username, userid = userId, price }, (PurchaseHttpHeaders.IdempotencyKey, key));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync(PurchaseApiJsonContext.Default.PurchaseCreated, Token);
        Assert.Equal(PurchaseIds.FromIdempotencyKey(userId, key), created!.Purchase.Id);
        return created.Purchase;
    }

    /// <summary>The user's listing through Facing, once it holds <paramref name="count"/> purchases.</summary>
    private static Task<IReadOnlyList<Purchase>> ListedAsync(PurchasePipeline pipeline, string userId, int count) =>
        Eventually.ReturnsAsync(async () =>
        {
            using var response = await pipeline.Facing.GetAsync($"/getAllUserBuys/{userId}", Token);
            response.EnsureSuccessStatusCode();
            return (IReadOnlyList<Purchase>)(await response.Content.ReadFromJsonAsync(PurchaseApiJsonContext.Default.ListPurchase, Token))!;
        }, list => list.Count >= count, $"{userId}'s purchases are listed", describe: list => JsonSerializer.Serialize(list));
}
