using BuyList.Contracts;
using BuyList.Tests.Component.Management;

namespace BuyList.Tests.Component.Contract;

/// <summary>
/// An <c>Idempotency-Key</c> belongs to the user who sent it, end to end: Facing publishing to the Kafka mock broker,
/// Management storing into the tests' MongoDB server, the purchases listed back through Facing.
/// </summary>
public sealed class IdempotencyKeyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// Merges "two users sending the same key both have their purchase listed" with "a retry with its key is listed once",
    /// "reusing a key for another price keeps the first purchase and is counted" and "an event published under the old
    /// rule keeps its id and is stored once when replayed".
    /// </summary>
    [Fact]
    public async Task A_key_is_its_users_so_a_retry_is_listed_once_reusing_it_for_another_price_keeps_the_first_and_is_counted_another_user_with_it_is_listed_too_and_an_old_rule_id_is_kept()
    {
        await using var pipeline = await PurchasePipeline.StartAsync("buylist-keys");
        using var meters = new ManagementMeters(pipeline.Management.Services);
        // Before release 18 the key itself was the id, in the event and in its purchase-id header.
        var old = PurchaseJson.Deserialize(PurchaseJson.Serialize(new Purchase("old-key-1", "Cy", "cy-3", 10m,
            PurchaseRules.ToTimestamp(DateTimeOffset.UtcNow.AddMinutes(-1)))));

        var first = await BuyAsync(pipeline, "retry-key-1", "Ada", "ada-1", 10m);
        var retry = await BuyAsync(pipeline, "retry-key-1", "Ada", "ada-1", 10m);
        var reused = await BuyAsync(pipeline, "reused-key-1", "Ada", "ada-1", 20m);
        var changed = await BuyAsync(pipeline, "reused-key-1", "Ada", "ada-1", 99m);
        var bob = await BuyAsync(pipeline, "retry-key-1", "Bob", "bob-2", 30m);
        await KafkaTestKit.ProduceAsync(pipeline.Cluster, [TestMessages.Message(old), TestMessages.Message(old)]);

        Assert.Equal(first.Id, retry.Id);
        Assert.NotEqual(first.Id, bob.Id);
        // The 201 describes the request it accepted; the purchase under that id stays the first (docs/reliability.md).
        Assert.Equal(reused.Id, changed.Id);
        Assert.Equal(99m, changed.Price);
        await Eventually.HoldsAsync(() => meters.Consumed == 7, "Management has consumed all five purchases, the old event and its replay");
        Assert.Equal([reused, first], await ListedAsync(pipeline, "ada-1", 2));
        Assert.Equal([bob], await ListedAsync(pipeline, "bob-2", 1));
        Assert.Equal([old], await ListedAsync(pipeline, "cy-3", 1));
        // Both repeats and the replay are duplicates; only the one with another price is a key conflict.
        Assert.Equal(3, meters.Duplicates.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, meters.KeyConflicts.GetMeasurementSnapshot().EvaluateAsCounter());
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
