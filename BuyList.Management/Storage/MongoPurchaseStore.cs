using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace BuyList.Management.Storage;

/// <summary>
/// The <c>purchases</c> collection: its queries, indexes and the idempotent upsert. Writes wait for a journaled
/// majority: the consumer commits Kafka offsets after a write returns, so a write acknowledged by one node only could
/// be lost on failover after its messages were committed.
/// </summary>
public sealed class MongoPurchaseStore(IMongoDatabase database, TimeProvider timeProvider, ManagementMetrics metrics, ILogger<MongoPurchaseStore> logger)
    : IPurchaseStore
{
    public const string CollectionName = "purchases";
    internal const string UserTimelineIndex = "userid_timestamp_id";
    internal const string RecentIndex = "timestamp_id";

    /// <summary>An index with the same keys exists under another name or with other options.</summary>
    private const int IndexOptionsConflict = 85;

    /// <summary>An index with the same name exists with other keys.</summary>
    private const int IndexKeySpecsConflict = 86;

    /// <summary>Newest first; the id breaks ties between purchases of the same millisecond so paging neither skips nor repeats.</summary>
    private static SortDefinition<PurchaseDocument> NewestFirst { get; } =
        Builders<PurchaseDocument>.Sort.Descending(d => d.Timestamp).Descending(d => d.Id);

    /// <summary>One index per query (a user's purchases, the most recent across users), each ending in the sort's keys so MongoDB never sorts in memory.</summary>
    private static IReadOnlyList<CreateIndexModel<PurchaseDocument>> Indexes { get; } =
    [
        new(Builders<PurchaseDocument>.IndexKeys.Ascending(d => d.UserId).Descending(d => d.Timestamp).Descending(d => d.Id),
            new CreateIndexOptions { Name = UserTimelineIndex }),
        new(Builders<PurchaseDocument>.IndexKeys.Descending(d => d.Timestamp).Descending(d => d.Id),
            new CreateIndexOptions { Name = RecentIndex }),
    ];

    /// <summary>Beyond this many distinct unreadable ids, each further one is logged every time rather than remembered.</summary>
    private const int RememberedUnreadable = 10_000;

    private static FilterDefinitionBuilder<PurchaseDocument> Filter => Builders<PurchaseDocument>.Filter;

    /// <summary>The unreadable documents' ids logged so far.</summary>
    private readonly ConcurrentDictionary<string, byte> _unreadableLogged = new(StringComparer.Ordinal);

    private readonly IMongoCollection<PurchaseDocument> _collection = database
        .GetCollection<PurchaseDocument>(CollectionName)
        .WithWriteConcern(WriteConcern.WMajority.With(journal: true));

    /// <summary>A user's purchases older than <paramref name="before"/> (in <see cref="NewestFirst"/> order).</summary>
    internal static FilterDefinition<PurchaseDocument> ByUser(string userId, PurchaseCursor? before)
    {
        var byUser = Filter.Eq(d => d.UserId, userId);
        return before is not { } cursor ? byUser : Filter.And(byUser, Filter.Or(
            Filter.Lt(d => d.Timestamp, cursor.Timestamp),
            Filter.And(Filter.Eq(d => d.Timestamp, cursor.Timestamp), Filter.Lt(d => d.Id, cursor.Id))));
    }

    /// <summary>Inserts the purchase unless its id is stored; an existing one is left as it is (the first write wins).</summary>
    private static UpdateOneModel<PurchaseDocument> Upsert(Purchase purchase, DateTime storedAt)
    {
        // Every element but the id, as the document's class map writes them.
        var fields = PurchaseDocument.From(purchase, storedAt).ToBsonDocument();
        fields.Remove("_id");
        return new UpdateOneModel<PurchaseDocument>(Filter.Eq(d => d.Id, purchase.Id), new BsonDocument("$setOnInsert", fields)) { IsUpsert = true };
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _collection.Indexes.CreateManyAsync(Indexes, cancellationToken);
        }
        catch (MongoCommandException ex) when (ex.Code is IndexOptionsConflict or IndexKeySpecsConflict)
        {
            throw new PurchaseStoreSetupException(
                $"An index of '{CollectionName}' conflicts with the indexes this version needs " +
                $"({UserTimelineIndex}, {RecentIndex}): {ex.CodeName}. Drop the conflicting index, then restart.", ex);
        }
    }

    public async Task<PurchaseUpsertResult> UpsertManyAsync(IReadOnlyList<Purchase> purchases, CancellationToken cancellationToken)
    {
        if (purchases.Count == 0)
        {
            return new([], 0, 0);
        }

        // Within one batch the first occurrence wins too; two upserts of one id in one bulk write would race.
        var distinct = purchases.DistinctBy(p => p.Id, StringComparer.Ordinal).ToList();
        var storedAt = timeProvider.GetUtcNow().UtcDateTime;
        var result = await _collection.BulkWriteAsync(
            distinct.Select(p => Upsert(p, storedAt)),
            new BulkWriteOptions { IsOrdered = false },
            cancellationToken);

        var inserted = result.Upserts.Select(u => distinct[u.Index].Id).ToList();
        var again = PurchaseUpsertResult.NotInserted(purchases, inserted);
        var conflicts = again.Count == 0 ? 0 : await CountConflictsAsync(again, cancellationToken);
        return new PurchaseUpsertResult(inserted, again.Count, conflicts);
    }

    /// <summary>How many of <paramref name="again"/> differ from what is stored under their ids (one read, only when some were already stored).</summary>
    private async Task<int> CountConflictsAsync(List<Purchase> again, CancellationToken cancellationToken)
    {
        var ids = again.Select(p => p.Id).Distinct(StringComparer.Ordinal).ToList();
        var stored = (await _collection.Find(Filter.In(d => d.Id, ids)).ToListAsync(cancellationToken))
            .ToDictionary(d => d.Id, d => d.ToPurchase(), StringComparer.Ordinal);
        return again.Count(p => stored.TryGetValue(p.Id, out var first) && !PurchaseUpsertResult.IsSamePurchase(first, p));
    }

    public Task<IReadOnlyList<Purchase>> GetByUserAsync(string userId, PurchaseCursor? before, int limit, CancellationToken cancellationToken) =>
        FindAsync(ByUser(userId, before), limit, cancellationToken);

    public Task<IReadOnlyList<Purchase>> GetRecentAsync(int limit, CancellationToken cancellationToken) =>
        FindAsync(Filter.Empty, limit, cancellationToken);

    private async Task<IReadOnlyList<Purchase>> FindAsync(FilterDefinition<PurchaseDocument> filter, int limit, CancellationToken cancellationToken)
    {
        try
        {
            // Read as BSON and mapped one by one, so a document that no longer maps is left out instead of failing the
            // whole listing. No server-side limit: the cursor is read until the page has `limit` readable purchases.
            var found = new List<Purchase>(limit);
            using var cursor = await _collection.Find(filter, new FindOptions { BatchSize = limit })
                .Sort(NewestFirst).As<BsonDocument>().ToCursorAsync(cancellationToken);
            while (found.Count < limit && await cursor.MoveNextAsync(cancellationToken))
            {
                // Lazy: documents beyond the page are not read.
                found.AddRange(cursor.Current.Select(TryRead).OfType<Purchase>().Take(limit - found.Count));
            }

            return found;
        }
        catch (Exception ex) when (ex is MongoConnectionException or MongoNotPrimaryException or MongoNodeIsRecoveringException or TimeoutException)
        {
            throw new PurchaseStoreUnavailableException($"MongoDB is unavailable: {ex.GetType().Name}", ex);
        }
    }

    private Purchase? TryRead(BsonDocument document)
    {
        try
        {
            return BsonSerializer.Deserialize<PurchaseDocument>(document).ToPurchase();
        }
        catch (Exception ex) when (ex is FormatException or BsonException or InvalidCastException or OverflowException or ArgumentException)
        {
            // A document edited by hand (a field removed or retyped) is left out of the listing it is met in and counted
            // every time, and logged with its id once per process, so a listing polled every few seconds does not
            // flood the logs. The exception's type only: its message may quote the stored value.
            metrics.UnreadableLeftOut();
            var id = document.GetValue("_id", BsonNull.Value).ToString() ?? "";
            if (_unreadableLogged.Count >= RememberedUnreadable || _unreadableLogged.TryAdd(id, 0))
            {
                ManagementLog.UnreadablePurchase(logger, id, ex.GetType().Name);
            }

            return null;
        }
    }
}
