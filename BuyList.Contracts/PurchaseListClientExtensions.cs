using System.Net.Http.Json;

namespace BuyList.Contracts;

/// <summary>The client side of a listing, for Facing reading Management and for the Web reading Facing.</summary>
public static class PurchaseListClientExtensions
{
    /// <summary>
    /// The address of <paramref name="query"/> under <paramref name="route"/>, relative to the service's base address:
    /// <c>{route}/{userid}?limit={limit}[&amp;before={cursor}]</c>.
    /// </summary>
    public static string ToRelativeUri(this PurchaseListQuery query, string route) =>
        string.Create(CultureInfo.InvariantCulture, $"{route}/{Uri.EscapeDataString(query.UserId)}?limit={query.Limit}")
        + (query.Before is null ? "" : $"&before={Uri.EscapeDataString(query.Before)}");

    /// <summary>The page in a listing's successful answer: its body and its <see cref="PurchaseHttpHeaders.NextCursor"/>.</summary>
    /// <exception cref="JsonException">The body is not a list of purchases.</exception>
    public static async Task<PurchasePage> ReadPurchasePageAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var purchases = await response.Content.ReadFromJsonAsync(PurchaseApiJsonContext.Default.IReadOnlyListPurchase, cancellationToken)
            ?? throw new JsonException("The body is null.");
        var next = response.Headers.TryGetValues(PurchaseHttpHeaders.NextCursor, out var values) ? values.FirstOrDefault() : null;
        return new PurchasePage(purchases, string.IsNullOrEmpty(next) ? null : next);
    }
}
