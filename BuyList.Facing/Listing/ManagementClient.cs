using Polly;

namespace BuyList.Facing.Listing;

/// <summary>
/// Reads purchases from Management (<c>GET /purchases/{userid}</c>) through service discovery and the standard
/// resilience handler, whose total timeout bounds every call.
/// </summary>
public sealed class ManagementClient(HttpClient http, ILogger<ManagementClient> logger)
{
    public async Task<(PageOutcome Outcome, PurchasePage? Page)> GetPurchasesAsync(PurchaseListQuery query, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(query.ToRelativeUri("purchases"), cancellationToken);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                return (PageOutcome.CursorRejected, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                FacingLog.ManagementUnavailable(logger, $"HTTP {(int)response.StatusCode}");
                return (PageOutcome.Unavailable, null);
            }

            return (PageOutcome.Found, await response.ReadPurchasePageAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or ExecutionRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Timeouts (Polly's and HttpClient's), refused connections, an open circuit, a body that is not the contract.
            FacingLog.ManagementUnavailable(logger, ex.GetType().Name);
            return (PageOutcome.Unavailable, null);
        }
    }
}

/// <summary>How a page request to Management ended.</summary>
public enum PageOutcome
{
    Found,

    /// <summary>Management refused the <c>before</c> cursor.</summary>
    CursorRejected,

    /// <summary>Management is down, slow (past the resilience handler's total timeout) or answered nonsense.</summary>
    Unavailable,
}
