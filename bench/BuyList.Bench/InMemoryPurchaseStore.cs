using BuyList.Contracts;
using BuyList.Management.Storage;

namespace BuyList.Bench;

/// <summary>
/// <see cref="IPurchaseStore"/> in memory, with the semantics the consumer and the API rely on (first write of an id
/// wins; newest first), so what is measured is Management's own work and not a database's.
/// </summary>
internal sealed class InMemoryPurchaseStore : IPurchaseStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Purchase> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Purchase>> _byUser = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _awaited = int.MaxValue;

    /// <summary>When the first write arrived (<see cref="TimeProvider.GetTimestamp"/>), 0 before.</summary>
    public long FirstWriteAt { get; private set; }

    /// <summary>The process's CPU time when the first write arrived.</summary>
    public TimeSpan FirstWriteCpu { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> purchases are stored.</summary>
    public Task StoredAsync(int count)
    {
        lock (_lock)
        {
            _awaited = count;
            if (_byId.Count >= count)
            {
                _reached.TrySetResult();
            }
        }

        return _reached.Task;
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<PurchaseUpsertResult> UpsertManyAsync(IReadOnlyList<Purchase> purchases, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FirstWriteAt == 0)
            {
                FirstWriteAt = TimeProvider.System.GetTimestamp();
                using var process = System.Diagnostics.Process.GetCurrentProcess();
                FirstWriteCpu = process.TotalProcessorTime;
            }

            var inserted = new List<string>(purchases.Count);
            var conflicts = 0;
            foreach (var purchase in purchases)
            {
                if (_byId.TryAdd(purchase.Id, purchase))
                {
                    inserted.Add(purchase.Id);
                    if (!_byUser.TryGetValue(purchase.UserId, out var list))
                    {
                        _byUser[purchase.UserId] = list = [];
                    }

                    list.Add(purchase);
                }
                else if (!PurchaseUpsertResult.IsSamePurchase(_byId[purchase.Id], purchase))
                {
                    conflicts++;
                }
            }

            if (_byId.Count >= _awaited)
            {
                _reached.TrySetResult();
            }

            return Task.FromResult(new PurchaseUpsertResult(inserted, purchases.Count - inserted.Count, conflicts));
        }
    }

    public Task<IReadOnlyList<Purchase>> GetByUserAsync(string userId, PurchaseCursor? before, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<Purchase> found = _byUser.TryGetValue(userId, out var list)
                ? [.. list.Where(p => before is not { } cursor || IsBefore(p, cursor))
                    .OrderByDescending(p => p.Timestamp.UtcDateTime).ThenByDescending(p => p.Id, StringComparer.Ordinal).Take(limit)]
                : [];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<Purchase>> GetRecentAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<Purchase> found = [.. _byId.Values
                .OrderByDescending(p => p.Timestamp.UtcDateTime).ThenByDescending(p => p.Id, StringComparer.Ordinal).Take(limit)];
            return Task.FromResult(found);
        }
    }

    private static bool IsBefore(Purchase purchase, PurchaseCursor cursor)
    {
        var timestamp = purchase.Timestamp.UtcDateTime;
        return timestamp < cursor.Timestamp || (timestamp == cursor.Timestamp && string.CompareOrdinal(purchase.Id, cursor.Id) < 0);
    }
}
