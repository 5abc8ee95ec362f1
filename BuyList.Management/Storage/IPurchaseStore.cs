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
    Task<PurchaseUpsertResult> UpsertManyAsync(IReadOnlyList<Purchase> purchases, CancellationToken cancellationToken);

    /// <summary>A user's purchases, newest first, older than <paramref name="before"/> when given.</summary>
    /// <exception cref="PurchaseStoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<Purchase>> GetByUserAsync(string userId, PurchaseCursor? before, int limit, CancellationToken cancellationToken);

    /// <summary>The most recent purchases across users, newest first.</summary>
    /// <exception cref="PurchaseStoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<Purchase>> GetRecentAsync(int limit, CancellationToken cancellationToken);
}
