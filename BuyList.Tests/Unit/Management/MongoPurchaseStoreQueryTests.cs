using BuyList.Management.Storage;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace BuyList.Tests.Unit.Management;

/// <summary>
/// The user listing's filter as MongoDB receives it, rendered without a server. The sort, the indexes and the upsert are
/// asserted against a server by <see cref="Component.Management.MongoPurchaseStoreTests"/>.
/// </summary>
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
}
