namespace BuyList.Management.Storage;

/// <summary>The outcome of <see cref="IPurchaseStore.UpsertManyAsync"/>.</summary>
/// <param name="InsertedIds">The ids stored by this write, i.e. not seen before.</param>
/// <param name="Duplicates">Purchases that were already stored (replays, retried requests).</param>
public sealed record PurchaseUpsertResult(IReadOnlyList<string> InsertedIds, int Duplicates)
{
    public static PurchaseUpsertResult Empty { get; } = new([], 0);

    public int Inserted => InsertedIds.Count;
}
