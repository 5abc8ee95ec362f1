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

    /// <summary>Merges "the first page filters on the user only" with "the next page continues strictly after the cursor".</summary>
    [Theory]
    [InlineData(null, "{ userid: 'user-1' }")]
    [InlineData("p-7", """
        { userid: 'user-1', $or: [
            { timestamp: { $lt: ISODate('2025-03-04T10:30:15.123Z') } },
            { timestamp: ISODate('2025-03-04T10:30:15.123Z'), _id: { $lt: 'p-7' } } ] }
        """)]
    public void The_first_page_filters_on_the_user_only_and_the_next_continues_strictly_after_the_cursor_in_timestamp_then_id_order(string? before, string filter)
    {
        var cursor = before is null ? (PurchaseCursor?)null : new PurchaseCursor(new DateTime(2025, 3, 4, 10, 30, 15, 123, DateTimeKind.Utc), before);

        Assert.Equal(BsonDocument.Parse(filter), MongoPurchaseStore.ByUser("user-1", cursor).Render(s_args));
    }
}
