using BuyList.Contracts;
using BuyList.Web.FacingApi;

namespace BuyList.Tests.Unit.Web;

/// <summary>
/// Facing as the components see it: an in-memory store that pages like Facing (newest first, cursor = the last id of
/// a page), with hooks to make a call wait, fail or be refused.
/// </summary>
internal sealed class FakeFacingClient : IFacingClient
{
    private readonly Lock _lock = new();
    private readonly List<Purchase> _stored = [];
    private readonly List<(BuyRequest Request, string IdempotencyKey)> _buys = [];
    private readonly List<(string UserId, int Limit, string? Before)> _reads = [];
    private int _nextId;

    /// <summary>What <see cref="BuyAsync"/> does; by default it accepts the purchase (without storing it: Management does that).</summary>
    public Func<BuyRequest, string, Task<Purchase>> OnBuy { get; set; }

    /// <summary>Runs before each read; throw from it to make the read fail.</summary>
    public Action<string>? BeforeRead { get; set; }

    public DateTimeOffset Now { get; set; } = new(2025, 11, 25, 14, 42, 10, TimeSpan.Zero);

    public FakeFacingClient() => OnBuy = (request, _) => Task.FromResult(Accept(request));

    public IReadOnlyList<(BuyRequest Request, string IdempotencyKey)> Buys
    {
        get
        {
            lock (_lock)
            {
                return [.. _buys];
            }
        }
    }

    public IReadOnlyList<(string UserId, int Limit, string? Before)> Reads
    {
        get
        {
            lock (_lock)
            {
                return [.. _reads];
            }
        }
    }

    /// <summary>The purchase Facing would answer for <paramref name="request"/>.</summary>
    public Purchase Accept(BuyRequest request) =>
        new($"p{Interlocked.Increment(ref _nextId):D4}", request.Username!, request.UserId!, request.Price!.Value, Now);

    /// <summary>What Management would have stored.</summary>
    public void Store(params Purchase[] purchases)
    {
        lock (_lock)
        {
            _stored.AddRange(purchases);
        }
    }

    public Task<Purchase> BuyAsync(BuyRequest purchase, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _buys.Add((purchase, idempotencyKey));
        }

        return OnBuy(purchase, idempotencyKey);
    }

    public Task<PurchasePage> GetPurchasesAsync(string userId, int limit, string? before = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _reads.Add((userId, limit, before));
        }

        BeforeRead?.Invoke(userId);
        lock (_lock)
        {
            var all = _stored.Where(p => p.UserId == userId)
                .OrderByDescending(p => p.Timestamp).ThenByDescending(p => p.Id, StringComparer.Ordinal).ToList();
            var start = before is null ? 0 : all.FindIndex(p => p.Id == before) + 1;
            var page = all.Skip(start).Take(limit).ToList();
            var next = start + page.Count < all.Count ? page[^1].Id : null;
            return Task.FromResult(new PurchasePage(page, next));
        }
    }
}
