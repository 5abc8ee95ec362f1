using System.Globalization;
using System.Net;
using System.Text.Json;
using BuyList.Contracts;
using BuyList.Facing.Telemetry;
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
        var uri = string.Create(CultureInfo.InvariantCulture, $"purchases/{Uri.EscapeDataString(query.UserId)}?limit={query.Limit}")
            + (query.Before is null ? "" : $"&before={Uri.EscapeDataString(query.Before)}");
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

            var purchases = await response.Content.ReadFromJsonAsync(PurchaseApiJsonContext.Default.IReadOnlyListPurchase, cancellationToken);
            if (purchases is null)
            {
                Log.ManagementUnavailable(logger, "null body");
                return (PageOutcome.Unavailable, null);
            }

            var cursor = response.Headers.TryGetValues(PurchaseHttpHeaders.NextCursor, out var values) ? values.FirstOrDefault() : null;
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
