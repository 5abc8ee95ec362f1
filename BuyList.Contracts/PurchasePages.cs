using Microsoft.AspNetCore.Http.HttpResults;

namespace BuyList.Contracts;

/// <summary>How every BuyList API answers a page of purchases: the purchases as the body, the next page's cursor in a header.</summary>
public static class PurchasePages
{
    /// <summary>200 with <see cref="PurchasePage.Purchases"/>, and <see cref="PurchaseHttpHeaders.NextCursor"/> unless it is the last page.</summary>
    public static Ok<IReadOnlyList<Purchase>> Ok(HttpResponse response, PurchasePage page)
    {
        if (page.NextCursor is not null)
        {
            response.Headers[PurchaseHttpHeaders.NextCursor] = page.NextCursor;
        }

        return TypedResults.Ok(page.Purchases);
    }
}
