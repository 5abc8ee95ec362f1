namespace BuyList.Web.FacingApi;

/// <summary>The page's only way to the back end: Facing's public HTTP API.</summary>
public interface IFacingClient
{
    /// <summary>
    /// Records a purchase (<c>POST /buy</c>). Every try of one submission sends the same <paramref name="idempotencyKey"/>,
    /// so a retry is recorded once.
    /// </summary>
    /// <exception cref="FacingRejectedException">The input breaks a rule.</exception>
    /// <exception cref="FacingUnavailableException">Facing cannot take the purchase now.</exception>
    Task<Purchase> BuyAsync(BuyRequest purchase, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of a user's purchases, newest first (<c>GET /getAllUserBuys/{userid}</c>); <paramref name="before"/> is
    /// the cursor of the page to read, null for the newest.
    /// </summary>
    /// <exception cref="FacingRejectedException">The user id or cursor is not valid.</exception>
    /// <exception cref="FacingUnavailableException">Facing or Management cannot answer now.</exception>
    Task<PurchasePage> GetPurchasesAsync(string userId, int limit, string? before, CancellationToken cancellationToken = default);
}
