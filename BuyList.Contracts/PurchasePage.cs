namespace BuyList.Contracts;

/// <summary>
/// One page of a user's purchases, newest first: the body of a listing, and its
/// <see cref="PurchaseHttpHeaders.NextCursor"/> (null on the last page).
/// </summary>
public sealed record PurchasePage(IReadOnlyList<Purchase> Purchases, string? NextCursor);
