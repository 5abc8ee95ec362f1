using BuyList.Contracts;

namespace BuyList.Management.Storage;

/// <summary>Where purchases are kept. Writes are idempotent by purchase id: the first write of an id wins.</summary>
public interface IPurchaseStore
{
    /// <summary>Prepares the store (indexes); safe to call on every start.</summary>
    /// <exception cref="PurchaseStoreSetupException">What exists conflicts with what this version needs.</exception>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the purchases whose ids are not stored yet, durably, in one write; ids already stored (or repeated in
    /// <paramref name="purchases"/>) are counted as duplicates and left unchanged.
    /// </summary>
    Task<PurchaseUpsertResult> UpsertManyAsync(IReadOnlyList<PurchaseRecorded> purchases, CancellationToken cancellationToken);

    /// <summary>A user's purchases, newest first, older than <paramref name="before"/> when given.</summary>
    /// <exception cref="PurchaseStoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<PurchaseRecorded>> GetByUserAsync(string userId, PurchaseCursor? before, int limit, CancellationToken cancellationToken);

    /// <summary>The most recent purchases across users, newest first.</summary>
    /// <exception cref="PurchaseStoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<PurchaseRecorded>> GetRecentAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="IPurchaseStore.UpsertManyAsync"/>.</summary>
/// <param name="InsertedIds">The ids stored by this write, i.e. not seen before.</param>
/// <param name="Duplicates">Purchases that were already stored (replays, retried requests).</param>
public sealed record PurchaseUpsertResult(IReadOnlyList<string> InsertedIds, int Duplicates)
{
    public static PurchaseUpsertResult Empty { get; } = new([], 0);

    public int Inserted => InsertedIds.Count;
}

/// <summary>The store could not be reached (a read failed for a reason worth retrying later).</summary>
public sealed class PurchaseStoreUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The store holds something that conflicts with what this version needs (e.g. an index of the same name with other
/// keys): retrying cannot help, an operator has to resolve it.
/// </summary>
public sealed class PurchaseStoreSetupException(string message, Exception inner) : Exception(message, inner);
