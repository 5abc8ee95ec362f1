namespace BuyList.Management.Storage;

/// <summary>The outcome of <see cref="IPurchaseStore.UpsertManyAsync"/>.</summary>
/// <param name="InsertedIds">The ids stored by this write, i.e. not seen before.</param>
/// <param name="Duplicates">Purchases that were already stored (replays, retried requests).</param>
/// <param name="Conflicts">
/// Those of <paramref name="Duplicates"/> that are another purchase under a stored id (<see cref="IsSamePurchase"/> is
/// false): a user who reused an <c>Idempotency-Key</c> with another body. The stored purchase is kept.
/// </param>
public sealed record PurchaseUpsertResult(IReadOnlyList<string> InsertedIds, int Duplicates, int Conflicts)
{
    public int Inserted => InsertedIds.Count;

    /// <summary>The purchases of a write that were not stored by it: all but the first occurrence of each inserted id.</summary>
    public static List<Purchase> NotInserted(IReadOnlyList<Purchase> purchases, IEnumerable<string> insertedIds)
    {
        var firsts = insertedIds.ToHashSet(StringComparer.Ordinal);
        return [.. purchases.Where(p => !firsts.Remove(p.Id))];
    }

    /// <summary>
    /// Whether <paramref name="again"/> is <paramref name="stored"/> delivered again: the same user, name and price. The
    /// timestamps of a retried request differ (Facing stamps each request), so they do not count.
    /// </summary>
    public static bool IsSamePurchase(Purchase stored, Purchase again) =>
        stored.UserId == again.UserId && stored.Username == again.Username && stored.Price == again.Price;
}
