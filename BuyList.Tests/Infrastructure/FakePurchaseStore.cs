using System.Diagnostics;
using BuyList.Contracts;
using BuyList.Management.Storage;
using OpenTelemetry;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// An in-memory <see cref="IPurchaseStore"/> with MongoDB's semantics where the consumer and the API rely on them: an
/// upsert by id where the first write wins, newest-first reads with the (timestamp, id) cursor. <see cref="Fail"/>
/// makes writes throw, like a MongoDB that is down. The benchmark links this file, so that what it measures is
/// Management's own work and not a database's.
/// </summary>
public sealed class FakePurchaseStore : IPurchaseStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Purchase> _purchases = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _awaited = int.MaxValue;
    private Func<int, Exception?> _initializeFailure = _ => null;
    private int _initializeAttempts;
    private readonly List<StoreWrite> _writes = [];
    private Exception? _failure;
    private TaskCompletionSource? _hold;
    private int _heldWrites;
    private int _failedWrites;
    private int _duplicates;

    public IReadOnlyList<Purchase> Purchases => Locked<IReadOnlyList<Purchase>>(() => [.. _purchases.Values]);

    public int FailedWrites => Volatile.Read(ref _failedWrites);

    public int InitializeAttempts => Volatile.Read(ref _initializeAttempts);

    /// <summary>When the first write arrived (<see cref="TimeProvider.GetTimestamp"/>), 0 before.</summary>
    public long FirstWriteAt { get; private set; }

    /// <summary>The process's CPU time when the first write arrived.</summary>
    public TimeSpan FirstWriteCpu { get; private set; }

    /// <summary>Every write attempt with the span and baggage it ran under (where MongoDB.Driver would add its span).</summary>
    public IReadOnlyList<StoreWrite> Writes => Locked<IReadOnlyList<StoreWrite>>(() => [.. _writes]);

    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Set-up attempt n (1-based) throws what <paramref name="failure"/> gives for it, unless null.</summary>
    public void FailInitialize(Func<int, Exception?> failure) => _initializeFailure = failure;

    /// <summary>Completes once <paramref name="count"/> purchases are stored.</summary>
    public Task StoredAsync(int count)
    {
        lock (_lock)
        {
            _awaited = count;
            if (_purchases.Count >= count)
            {
                _reached.TrySetResult();
            }
        }

        return _reached.Task;
    }

    /// <summary>Every write throws <paramref name="failure"/> until <see cref="Heal"/>.</summary>
    public void Fail(Exception failure) => Volatile.Write(ref _failure, failure);

    public void Heal() => Volatile.Write(ref _failure, null);

    /// <summary>Writes wait (as a slow MongoDB would, honouring cancellation) until <see cref="ReleaseWrites"/>.</summary>
    public void HoldWrites() => Volatile.Write(ref _hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void ReleaseWrites() => Interlocked.Exchange(ref _hold, null)?.SetResult();

    /// <summary>Writes that have started waiting on <see cref="HoldWrites"/>.</summary>
    public int HeldWrites => Volatile.Read(ref _heldWrites);

    public void Add(params Purchase[] purchases) => Locked(() => Insert(purchases));

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        _initializeFailure(Interlocked.Increment(ref _initializeAttempts)) is { } error ? Task.FromException(error) : Task.CompletedTask;

    public async Task<PurchaseUpsertResult> UpsertManyAsync(IReadOnlyList<Purchase> purchases, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (FirstWriteAt == 0)
            {
                FirstWriteAt = TimeProvider.System.GetTimestamp();
                using var process = Process.GetCurrentProcess();
                FirstWriteCpu = process.TotalProcessorTime;
            }

            _writes.Add(new StoreWrite([.. purchases.Select(p => p.Id)], Activity.Current?.Context, Baggage.Current.GetBaggage()));
        }

        if (Volatile.Read(ref _hold) is { } hold)
        {
            Interlocked.Increment(ref _heldWrites);
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (Volatile.Read(ref _failure) is { } failure)
        {
            Interlocked.Increment(ref _failedWrites);
            throw failure;
        }

        lock (_lock)
        {
            var inserted = Insert(purchases);
            var again = PurchaseUpsertResult.NotInserted(purchases, inserted);
            Interlocked.Add(ref _duplicates, again.Count);
            return new PurchaseUpsertResult(inserted, again.Count,
                again.Count(p => !PurchaseUpsertResult.IsSamePurchase(_purchases[p.Id], p)));
        }
    }

    public Task<IReadOnlyList<Purchase>> GetByUserAsync(string userId, PurchaseCursor? before, int limit, CancellationToken cancellationToken) =>
        Locked(() => Newest(_purchases.Values.Where(p => p.UserId == userId && (before is not { } cursor || IsBefore(p, cursor))), limit));

    public Task<IReadOnlyList<Purchase>> GetRecentAsync(int limit, CancellationToken cancellationToken) =>
        Locked(() => Newest(_purchases.Values, limit));

    private T Locked<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    /// <summary>Stores the purchases whose id is new (under the lock); returns their ids.</summary>
    private List<string> Insert(IEnumerable<Purchase> purchases)
    {
        List<string> inserted = [.. purchases.Where(p => _purchases.TryAdd(p.Id, p)).Select(p => p.Id)];
        if (_purchases.Count >= _awaited)
        {
            _reached.TrySetResult();
        }

        return inserted;
    }

    private static Task<IReadOnlyList<Purchase>> Newest(IEnumerable<Purchase> purchases, int limit) =>
        Task.FromResult<IReadOnlyList<Purchase>>([.. purchases
            .OrderByDescending(p => p.Timestamp.UtcDateTime)
            .ThenByDescending(p => p.Id, StringComparer.Ordinal)
            .Take(limit)]);

    private static bool IsBefore(Purchase purchase, PurchaseCursor cursor)
    {
        var timestamp = purchase.Timestamp.UtcDateTime;
        return timestamp < cursor.Timestamp || (timestamp == cursor.Timestamp && string.CompareOrdinal(purchase.Id, cursor.Id) < 0);
    }
}

/// <summary>One write attempt: the purchases, the span current during it (none: null) and the baggage.</summary>
public sealed record StoreWrite(IReadOnlyList<string> PurchaseIds, ActivityContext? Span, IReadOnlyDictionary<string, string> Baggage);
