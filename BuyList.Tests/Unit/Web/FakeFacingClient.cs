using System.Collections.Concurrent;
using BuyList.Contracts;
using BuyList.Web.FacingApi;

namespace BuyList.Tests.Unit.Web;

/// <summary>
/// Facing as the components see it: an in-memory store that pages like Facing (newest first, cursor = the last id of
/// a page), with hooks to make a call wait, fail or be refused.
/// </summary>
internal sealed class FakeFacingClient : IFacingClient
{
    private readonly ConcurrentQueue<Purchase> _stored = [];
    private readonly ConcurrentQueue<(BuyRequest Request, string IdempotencyKey)> _buys = [];
    private readonly ConcurrentQueue<(string UserId, int Limit, string? Before)> _reads = [];
    private int _nextId;

    public FakeFacingClient() => OnBuy = (request, _) => Task.FromResult(Accept(request));

    /// <summary>What <see cref="BuyAsync"/> does; by default it accepts the purchase (without storing it: Management does that).</summary>
    public Func<BuyRequest, string, Task<Purchase>> OnBuy { get; set; }

    /// <summary>Thrown by each read while set.</summary>
    public FacingException? ReadFailure { get; set; }

    public DateTimeOffset Now { get; } = new(2025, 11, 25, 14, 42, 10, TimeSpan.Zero);

    public IReadOnlyList<(BuyRequest Request, string IdempotencyKey)> Buys => [.. _buys];

    public IReadOnlyList<(string UserId, int Limit, string? Before)> Reads => [.. _reads];

    /// <summary>The purchase Facing would answer for <paramref name="request"/>.</summary>
    public Purchase Accept(BuyRequest request) =>
        new($"p{Interlocked.Increment(ref _nextId):D4}", request.Username!, request.UserId!, request.Price!.Value, Now);

    /// <summary>What Management would have stored.</summary>
    public void Store(params Purchase[] purchases) => Array.ForEach(purchases, _stored.Enqueue);

    public Task<Purchase> BuyAsync(BuyRequest purchase, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        _buys.Enqueue((purchase, idempotencyKey));
        return OnBuy(purchase, idempotencyKey);
    }

    public Task<PurchasePage> GetPurchasesAsync(string userId, int limit, string? before, CancellationToken cancellationToken = default)
    {
        _reads.Enqueue((userId, limit, before));
        if (ReadFailure is { } failure)
        {
            return Task.FromException<PurchasePage>(failure);
        }

        var all = _stored.Where(p => p.UserId == userId).OrderByDescending(p => p.Timestamp).ThenByDescending(p => p.Id, StringComparer.Ordinal).ToList();
        var start = before is null ? 0 : all.FindIndex(p => p.Id == before) + 1;
        var page = all.Skip(start).Take(limit).ToList();
        return Task.FromResult(new PurchasePage(page, start + page.Count < all.Count ? page[^1].Id : null));
    }
}
