using BuyList.Contracts;
using BuyList.Management.Storage;
using BuyList.Management.Telemetry;
using Microsoft.Extensions.Logging.Testing;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BuyList.Tests.Component.Management;

/// <summary>
/// The MongoDB store against the tests' MongoDB server (<c>BUYLIST_TEST_MONGODB</c>, else the emulator; see
/// <see cref="Requires.MongoDBAsync"/>), each test in a database of its own.
/// </summary>
public sealed class MongoPurchaseStoreTests : IAsyncDisposable
{
    private static readonly DateTimeOffset s_start = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private MongoTestDatabase? _database;

    [Fact]
    public async Task Upserting_the_same_purchases_again_stores_nothing_twice_and_keeps_the_first_write_with_a_decimal128_price_and_the_query_indexes()
    {
        var store = await StoreAsync();
        var first = TestMessages.Purchase("p-1", price: 10m, timestamp: s_start);
        var changed = first with { Price = 99m };

        var written = await store.UpsertManyAsync([first, TestMessages.Purchase("p-2", timestamp: s_start), first], Token);
        var again = await store.UpsertManyAsync([changed, TestMessages.Purchase("p-2", timestamp: s_start)], Token);

        Assert.Equal(["p-1", "p-2"], written.InsertedIds.Order());
        Assert.Equal(1, written.Duplicates);
        Assert.Equal(0, again.Inserted);
        Assert.Equal(2, again.Duplicates);
        Assert.Equal(0, written.Conflicts);
        Assert.Equal(1, again.Conflicts);
        var stored = await store.GetByUserAsync("user-1", null, 10, Token);
        Assert.Equal(2, stored.Count);
        Assert.Equal(10m, stored.Single(p => p.Id == "p-1").Price);
        Assert.Equal(2, await Collection().CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Token));
        // Once a test of its own: the price as MongoDB holds it, and the indexes the service created at start.
        var document = await Collection().Find(Builders<BsonDocument>.Filter.Eq("_id", "p-1")).SingleAsync(Token);
        var indexes = await (await Collection().Indexes.ListAsync(Token)).ToListAsync(Token);
        Assert.Equal(BsonType.Decimal128, document["price"].BsonType);
        Assert.Equal(BsonDocument.Parse("{ userid: 1, timestamp: -1, _id: -1 }"),
            indexes.Single(i => i["name"] == MongoPurchaseStore.UserTimelineIndex)["key"].AsBsonDocument);
        Assert.Equal(BsonDocument.Parse("{ timestamp: -1, _id: -1 }"),
            indexes.Single(i => i["name"] == MongoPurchaseStore.RecentIndex)["key"].AsBsonDocument);
    }

    [Fact]
    public async Task A_users_purchases_are_paged_newest_first_without_gaps_or_repeats()
    {
        var store = await StoreAsync();
        await store.UpsertManyAsync(
        [
            TestMessages.Purchase("p-1", timestamp: s_start),
            TestMessages.Purchase("p-2", timestamp: s_start.AddMinutes(1)),
            TestMessages.Purchase("p-3a", timestamp: s_start.AddMinutes(2)),
            TestMessages.Purchase("p-3b", timestamp: s_start.AddMinutes(2)),
            TestMessages.Purchase("p-4", timestamp: s_start.AddMinutes(3)),
            TestMessages.Purchase("x-1", userId: "user-2", timestamp: s_start.AddMinutes(4)),
        ], Token);

        var ids = new List<string>();
        IReadOnlyList<Purchase> page = [];
        do
        {
            // The next page starts after the last purchase of this one.
            page = await store.GetByUserAsync("user-1", page is [.., var last] ? new PurchaseCursor(last.Timestamp.UtcDateTime, last.Id) : null, 2, Token);
            ids.AddRange(page.Select(p => p.Id));
        }
        while (page.Count == 2);

        Assert.Equal(["p-4", "p-3b", "p-3a", "p-2", "p-1"], ids);
        var recent = await store.GetRecentAsync(3, Token);
        Assert.Equal(["x-1", "p-4", "p-3b"], recent.Select(p => p.Id));
    }

    [Fact]
    public async Task An_index_of_the_same_name_with_other_keys_stops_the_setup_instead_of_being_retried()
    {
        await StoreAsync();
        await Collection().Indexes.DropOneAsync(MongoPurchaseStore.RecentIndex, Token);
        await Collection().Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("timestamp"), new CreateIndexOptions { Name = MongoPurchaseStore.RecentIndex }),
            cancellationToken: Token);

        var error = await Assert.ThrowsAsync<PurchaseStoreSetupException>(
            () => UnreadableReports.Discarded(_database!.Database).InitializeAsync(Token));

        // 86 IndexKeySpecsConflict (85 IndexOptionsConflict on servers that report a name clash as an options one).
        Assert.Contains(Assert.IsType<MongoCommandException>(error.InnerException).Code, new[] { 85, 86 });
    }

    [Fact]
    public async Task A_document_that_no_longer_reads_is_left_out_logged_once_and_counted_and_the_rest_is_listed()
    {
        using var reports = new UnreadableReports();
        using var unreadable = reports.Meters.Collect<long>(ManagementMetrics.MeterName, "buylist.purchases.unreadable");
        var logger = new FakeLogger<MongoPurchaseStore>();
        var store = await StoreAsync(reports, logger);
        await store.UpsertManyAsync([.. Enumerable.Range(1, 4).Select(i => TestMessages.Purchase($"p-{i}", timestamp: s_start.AddMinutes(i - 1)))], Token);
        // Edited by hand: one field removed, one retyped.
        await Collection().UpdateOneAsync(Builders<BsonDocument>.Filter.Eq("_id", "p-3"), Builders<BsonDocument>.Update.Unset("price"), cancellationToken: Token);
        await Collection().UpdateOneAsync(Builders<BsonDocument>.Filter.Eq("_id", "p-2"), Builders<BsonDocument>.Update.Set("price", true), cancellationToken: Token);

        var page = await store.GetByUserAsync("user-1", null, 2, Token);
        var again = await store.GetByUserAsync("user-1", null, 10, Token);

        // A full page of what still reads, not a page short by the unreadable ones.
        Assert.Equal(["p-4", "p-1"], page.Select(p => p.Id));
        Assert.Equal(["p-4", "p-1"], again.Select(p => p.Id));
        Assert.Equal(2, (await store.GetRecentAsync(10, Token)).Count);
        Assert.Equal(6, unreadable.GetMeasurementSnapshot().EvaluateAsCounter()); // both, in each of the three listings: counted every time

        var logged = logger.Collector.GetSnapshot().Where(r => r.Id.Id == 221).Select(r => r.Message).ToList();
        Assert.Equal(2, logged.Count);
        Assert.Single(logged, m => m.Contains("p-3", StringComparison.Ordinal));
        Assert.Single(logged, m => m.Contains("p-2", StringComparison.Ordinal));
    }

    public ValueTask DisposeAsync() => _database?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private IMongoCollection<BsonDocument> Collection() => _database!.Database.GetCollection<BsonDocument>(MongoPurchaseStore.CollectionName);

    /// <summary>A store over a database of its own, created (indexes included) as the service does at start.</summary>
    private async Task<MongoPurchaseStore> StoreAsync(UnreadableReports? reports = null, FakeLogger<MongoPurchaseStore>? logger = null)
    {
        _database = await MongoTestDatabase.CreateAsync("buylist-store");
        var store = reports?.Store(_database.Database, logger) ?? UnreadableReports.Discarded(_database.Database);
        await store.InitializeAsync(Token);
        return store;
    }
}
