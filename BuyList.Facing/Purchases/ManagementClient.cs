using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly;

namespace BuyList.Facing.Purchases;

/// <summary>One page of a user's purchases, newest first, and the cursor of the next page (none on the last).</summary>
public sealed record PurchasePage(IReadOnlyList<Purchase> Purchases, string? NextCursor);

public enum PageOutcome
{
    Found,
    /// <summary>Management refused the <c>before</c> cursor.</summary>
    CursorRejected,
    /// <summary>Management is down, slow (past the resilience handler's total timeout) or answered nonsense.</summary>
    Unavailable,
}

/// <summary>
/// Reads purchases from Management (<c>GET /purchases/{userid}</c>) through service discovery and the standard
/// resilience handler, whose total timeout bounds every call.
/// </summary>
public sealed class ManagementClient(HttpClient http, ILogger<ManagementClient> logger)
{
    public const string NextCursorHeader = "X-Next-Cursor";

    public async Task<(PageOutcome Outcome, PurchasePage? Page)> GetPurchasesAsync(
        string userId, int limit, string? before, CancellationToken cancellationToken)
    {
        var uri = string.Create(CultureInfo.InvariantCulture, $"purchases/{Uri.EscapeDataString(userId)}?limit={limit}")
            + (before is null ? "" : $"&before={Uri.EscapeDataString(before)}");
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                return (PageOutcome.CursorRejected, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                Log.ManagementUnavailable(logger, $"HTTP {(int)response.StatusCode}");
                return (PageOutcome.Unavailable, null);
            }

            var purchases = await response.Content.ReadFromJsonAsync(FacingJsonContext.Default.IReadOnlyListPurchase, cancellationToken);
            if (purchases is null)
            {
                Log.ManagementUnavailable(logger, "null body");
                return (PageOutcome.Unavailable, null);
            }

            var cursor = response.Headers.TryGetValues(NextCursorHeader, out var values) ? values.FirstOrDefault() : null;
            return (PageOutcome.Found, new PurchasePage(purchases, cursor));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or ExecutionRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Timeouts (Polly's and HttpClient's), refused connections, an open circuit, a body that is not the contract.
            Log.ManagementUnavailable(logger, ex.GetType().Name);
            return (PageOutcome.Unavailable, null);
        }
    }
}
