using BuyList.Contracts;

namespace BuyList.Web.Listing;

/// <summary>
/// Purchases Facing has accepted that Management may not have stored yet: the list shows them on top, marked pending,
/// until a page it reads has them.
/// </summary>
public sealed class PendingPurchases
{
    private readonly List<Purchase> _purchases = [];

    public void Add(Purchase purchase) => _purchases.Add(purchase);

    /// <summary>The pending purchases of <paramref name="userId"/>, newest first.</summary>
    public List<Purchase> Of(string? userId) =>
        _purchases.Where(p => p.UserId == userId).OrderByDescending(p => p.Timestamp).ToList();

    /// <summary>Drops those <paramref name="listed"/> holds: they are stored.</summary>
    public void DropListed(IReadOnlyCollection<Purchase> listed) => _purchases.RemoveAll(p => listed.Any(i => i.Id == p.Id));
}
