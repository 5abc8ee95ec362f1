using BuyList.Web.Buying;

namespace BuyList.Web.Listing;

/// <summary>What the list's user id box edits.</summary>
public sealed class PurchaseQuery
{
    [ValidUserId]
    public string? UserId { get; set; }
}
