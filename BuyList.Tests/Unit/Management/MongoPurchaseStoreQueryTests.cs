using BuyList.Contracts;
using BuyList.Management.Storage;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace BuyList.Tests.Unit.Management;

/// <summary>The store's queries as MongoDB receives them, rendered without a server.</summary>
public sealed class MongoPurchaseStoreQueryTests
{
    private static readonly RenderArgs<PurchaseDocument> s_args =
        new(BsonSerializer.LookupSerializer<PurchaseDocument>(), BsonSerializer.SerializerRegistry);

    [Fact]
    public void First_page_filters_on_the_user_only()
    {
        var filter = MongoPurchaseStore.ByUser("user-1", before: null).Render(s_args);

        Assert.Equal(BsonDocument.Parse("{ userid: 'user-1' }"), filter);
    }

    [Fact]
    public void Next_page_continues_strictly_after_the_cursor_in_timestamp_then_id_order()
    {
        var at = new DateTime(2025, 3, 4, 10, 30, 15, 123, DateTimeKind.Utc);

        var filter = MongoPurchaseStore.ByUser("user-1", new PurchaseCursor(at, "p-7")).Render(s_args);

        var expected = new BsonDocument
        {
            ["userid"] = "user-1",
            ["$or"] = new BsonArray
            {
                new BsonDocument("timestamp", new BsonDocument("$lt", at)),
                new BsonDocument { ["timestamp"] = at, ["_id"] = new BsonDocument("$lt", "p-7") },
            },
        };
        Assert.Equal(expected, filter);
    }

    [Fact]
    public void Sort_is_newest_first_with_the_id_as_tiebreak_and_each_query_has_an_index_ending_in_the_sort_keys()
    {
        var indexes = MongoPurchaseStore.Indexes.ToDictionary(i => i.Options.Name, i => i.Keys.Render(s_args));

        Assert.Equal(BsonDocument.Parse("{ timestamp: -1, _id: -1 }"), MongoPurchaseStore.NewestFirst.Render(s_args));
        Assert.Equal(BsonDocument.Parse("{ userid: 1, timestamp: -1, _id: -1 }"), indexes[MongoPurchaseStore.UserTimelineIndex]);
        Assert.Equal(BsonDocument.Parse("{ timestamp: -1, _id: -1 }"), indexes[MongoPurchaseStore.RecentIndex]);
    }

    [Fact]
    public void Upsert_matches_the_purchase_id_and_only_sets_fields_on_insert()
    {
        var purchase = new Purchase("p-1", "Ada", "user-1", 5.5m, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var storedAt = new DateTime(2025, 1, 2, 3, 4, 6, DateTimeKind.Utc);

        var model = MongoPurchaseStore.Upsert(purchase, storedAt);

        Assert.True(model.IsUpsert);
        Assert.Equal(BsonDocument.Parse("{ _id: 'p-1' }"), model.Filter.Render(s_args));
        var update = model.Update.Render(s_args).AsBsonDocument;
        Assert.Equal(["$setOnInsert"], update.Names);
        var fields = update["$setOnInsert"].AsBsonDocument;
        Assert.Equal("Ada", fields["username"].AsString);
        Assert.Equal("user-1", fields["userid"].AsString);
        Assert.Equal(new Decimal128(5.5m), fields["price"].AsDecimal128);
        Assert.Equal(purchase.Timestamp.UtcDateTime, fields["timestamp"].ToUniversalTime());
        Assert.Equal(storedAt, fields["storedAt"].ToUniversalTime());
    }
}
