using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Events;
using MongoDB.Driver.Core.Servers;

namespace BuyList.Tests.Component.TestSetup;

/// <summary>
/// The MongoDB server the tests use behaves as MongoDB does where BuyList relies on it. Each of these is true of a
/// real MongoDB (GitHub CI runs them against <c>mongo:8.0</c>); each failed against the emulator as published and
/// guards a fix in <c>tools/mongo-emulator/patches</c>.
/// </summary>
public sealed class MongoTestServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_string_id_is_stored_as_that_string_even_when_it_looks_like_an_object_id()
    {
        await using var mongodb = await MongoTestDatabase.CreateAsync("buylist-server");
        var collection = mongodb.Database.GetCollection<BsonDocument>("ids");
        const string HexLooking = "0123456789abcdef01234567";

        await collection.InsertManyAsync(
        [
            new BsonDocument { ["_id"] = "purchase-1" },
            new BsonDocument { ["_id"] = HexLooking },
            new BsonDocument { ["_id"] = ObjectId.Parse(HexLooking) },
        ], cancellationToken: Token);
        var duplicate = await Assert.ThrowsAsync<MongoWriteException>(
            () => collection.InsertOneAsync(new BsonDocument { ["_id"] = "purchase-1" }, cancellationToken: Token));

        Assert.Equal(ServerErrorCategory.DuplicateKey, duplicate.WriteError.Category);
        var ids = (await collection.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(Token)).Select(d => d["_id"]).ToList();
        Assert.Equal([(BsonType.String, HexLooking), (BsonType.String, "purchase-1"), (BsonType.ObjectId, HexLooking)],
            ids.Select(id => (id.BsonType, id.ToString()!)).Order());
        var found = await collection.Find(Builders<BsonDocument>.Filter.Eq("_id", HexLooking)).SingleAsync(Token);
        Assert.Equal(BsonType.String, found["_id"].BsonType);
    }

    [Fact]
    public async Task A_decimal128_stays_a_decimal128_when_an_update_matches_its_document()
    {
        await using var mongodb = await MongoTestDatabase.CreateAsync("buylist-server");
        var collection = mongodb.Database.GetCollection<BsonDocument>("prices");
        await collection.InsertOneAsync(new BsonDocument { ["_id"] = "p-1", ["price"] = new Decimal128(0.1m), ["note"] = "first" }, cancellationToken: Token);
        var byId = Builders<BsonDocument>.Filter.Eq("_id", "p-1");

        // As the store replays a purchase: an upsert that matches, so $setOnInsert changes nothing.
        await collection.UpdateOneAsync(byId, Builders<BsonDocument>.Update.SetOnInsert("price", new Decimal128(99m)), new UpdateOptions { IsUpsert = true }, Token);
        var afterReplay = await collection.Find(byId).SingleAsync(Token);
        // An update of another field leaves the price as it was.
        await collection.UpdateOneAsync(byId, Builders<BsonDocument>.Update.Set("note", "second"), cancellationToken: Token);
        var afterSet = await collection.Find(byId).SingleAsync(Token);

        Assert.Equal(new BsonDecimal128(new Decimal128(0.1m)), afterReplay["price"]);
        Assert.Equal(new BsonDecimal128(new Decimal128(0.1m)), afterSet["price"]);
        Assert.Equal("second", afterSet["note"].AsString);
    }

    [Fact]
    public async Task Strings_sort_by_their_bytes_so_a_sort_on_id_agrees_with_a_range_filter_on_it()
    {
        // Purchase ids are client Idempotency-Keys too (letters of either case, digits, . _ @ -): the listing's
        // cursor pages with $lt on _id under a sort on _id, so both must order strings alike, by their bytes.
        await using var mongodb = await MongoTestDatabase.CreateAsync("buylist-server");
        var collection = mongodb.Database.GetCollection<BsonDocument>("order");
        string[] ids = ["a", "B", "-c", "_d", "Z", "a.1", "a@1"];
        await collection.InsertManyAsync(ids.Select(id => new BsonDocument("_id", id)), cancellationToken: Token);

        var sorted = await collection.Find(FilterDefinition<BsonDocument>.Empty).Sort(Builders<BsonDocument>.Sort.Descending("_id")).ToListAsync(Token);
        var below = await collection.Find(Builders<BsonDocument>.Filter.Lt("_id", "_d")).Sort(Builders<BsonDocument>.Sort.Descending("_id")).ToListAsync(Token);

        Assert.Equal(["a@1", "a.1", "a", "_d", "Z", "B", "-c"], sorted.Select(d => d["_id"].AsString));
        Assert.Equal(["Z", "B", "-c"], below.Select(d => d["_id"].AsString));
    }

    /// <summary>Merges "the name of an existing index with other keys is refused with code 86" with "the keys of one under
    /// another name are refused with code 85, and the same index again is accepted".</summary>
    [Fact]
    public async Task An_index_that_conflicts_with_an_existing_one_is_refused_with_code_86_or_85_and_the_same_index_again_is_accepted()
    {
        await using var mongodb = await MongoTestDatabase.CreateAsync("buylist-server");
        var indexes = mongodb.Database.GetCollection<BsonDocument>("indexes").Indexes;
        await indexes.CreateOneAsync(Index("{ timestamp: -1, _id: -1 }", "recent"), cancellationToken: Token);
        await indexes.CreateOneAsync(Index("{ userid: 1, timestamp: -1 }", "timeline"), cancellationToken: Token);

        var otherKeys = await Assert.ThrowsAsync<MongoCommandException>(() => indexes.CreateOneAsync(Index("{ timestamp: 1 }", "recent"), cancellationToken: Token));
        var otherName = await Assert.ThrowsAsync<MongoCommandException>(() => indexes.CreateOneAsync(Index("{ userid: 1, timestamp: -1 }", "other"), cancellationToken: Token));
        await indexes.CreateOneAsync(Index("{ userid: 1, timestamp: -1 }", "timeline"), cancellationToken: Token);

        Assert.Equal(86, otherKeys.Code); // IndexKeySpecsConflict
        Assert.Equal(85, otherName.Code); // IndexOptionsConflict
        var existing = (await (await indexes.ListAsync(Token)).ToListAsync(Token)).ToDictionary(i => i["name"].AsString, i => i["key"].AsBsonDocument);
        Assert.Equal(["_id_", "recent", "timeline"], existing.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(BsonDocument.Parse("{ timestamp: -1, _id: -1 }"), existing["recent"]);
    }

    [Fact]
    public async Task An_idle_client_is_sent_a_heartbeat_about_every_ten_seconds_not_a_stream_of_them()
    {
        var server = await Requires.MongoDBAsync();
        var heartbeats = new ConcurrentQueue<DateTime>();
        var settings = MongoClientSettings.FromConnectionString(server);
        // The driver's default where it is not in a cloud function: the server holds each hello until something
        // changes or maxAwaitTimeMS (the heartbeat interval) passes. Set here so a connection string cannot opt out.
        settings.ServerMonitoringMode = ServerMonitoringMode.Stream;
        settings.HeartbeatInterval = TimeSpan.FromSeconds(10);
        settings.ClusterConfigurator = cluster => cluster.Subscribe<ServerHeartbeatSucceededEvent>(_ => heartbeats.Enqueue(DateTime.UtcNow));
        using var client = new MongoClient(settings);
        await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: Token);

        // Past the first handshakes: the client now only waits for the server's next answer.
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        var from = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(3), Token);

        var during = heartbeats.Count(t => t >= from && t < from.AddSeconds(3));
        Assert.True(during <= 2, $"{during} heartbeats in 3 s of an idle client; MongoDB answers one awaitable hello per heartbeat interval (10 s).");
    }

    private static CreateIndexModel<BsonDocument> Index(string keys, string name) =>
        new(BsonDocument.Parse(keys), new CreateIndexOptions { Name = name });
}
