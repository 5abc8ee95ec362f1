using BuyList.Contracts;
using MongoDB.Driver;

namespace BuyList.Management.Storage;

/// <summary>The filters, sorts, updates and indexes of the <c>purchases</c> collection, in one place so they can be rendered in tests.</summary>
public static class PurchaseQueries
{
    public const string UserTimelineIndex = "userid_timestamp_id";
    public const string RecentIndex = "timestamp_id";

    private static FilterDefinitionBuilder<PurchaseDocument> Filter => Builders<PurchaseDocument>.Filter;

    /// <summary>
    /// Newest first; the id breaks ties between purchases of the same millisecond so paging neither skips nor repeats.
    /// </summary>
    public static SortDefinition<PurchaseDocument> NewestFirst { get; } =
        Builders<PurchaseDocument>.Sort.Descending(d => d.Timestamp).Descending(d => d.Id);

    /// <summary>A user's purchases older than <paramref name="before"/> (in <see cref="NewestFirst"/> order).</summary>
    public static FilterDefinition<PurchaseDocument> ByUser(string userId, PurchaseCursor? before)
    {
        var byUser = Filter.Eq(d => d.UserId, userId);
        if (before is not { } cursor)
        {
            return byUser;
        }

        return Filter.And(byUser, Filter.Or(
            Filter.Lt(d => d.Timestamp, cursor.Timestamp),
            Filter.And(Filter.Eq(d => d.Timestamp, cursor.Timestamp), Filter.Lt(d => d.Id, cursor.Id))));
    }

    /// <summary>
    /// Inserts the purchase unless a document with its id exists; an existing one is left as it is (the first write
    /// wins), so replays and retried requests are harmless.
    /// </summary>
    public static UpdateOneModel<PurchaseDocument> Upsert(Purchase purchase, DateTime storedAt)
    {
        var document = PurchaseDocument.From(purchase, storedAt);
        var update = Builders<PurchaseDocument>.Update
            .SetOnInsert(d => d.Username, document.Username)
            .SetOnInsert(d => d.UserId, document.UserId)
            .SetOnInsert(d => d.Price, document.Price)
            .SetOnInsert(d => d.Timestamp, document.Timestamp)
            .SetOnInsert(d => d.StoredAt, document.StoredAt);
        return new UpdateOneModel<PurchaseDocument>(Filter.Eq(d => d.Id, document.Id), update) { IsUpsert = true };
    }

    /// <summary>
    /// One index per query, each ending in the sort's keys so MongoDB never sorts in memory: a user's purchases, and
    /// the most recent across users.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<PurchaseDocument>> Indexes { get; } =
    [
        new(Builders<PurchaseDocument>.IndexKeys.Ascending(d => d.UserId).Descending(d => d.Timestamp).Descending(d => d.Id),
            new CreateIndexOptions { Name = UserTimelineIndex }),
        new(Builders<PurchaseDocument>.IndexKeys.Descending(d => d.Timestamp).Descending(d => d.Id),
            new CreateIndexOptions { Name = RecentIndex }),
    ];
}
