using System.Globalization;
using BuyList.Contracts;
using BuyList.Management.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BuyList.Management.Purchases;

/// <summary>
/// Reads of stored purchases, for Facing only (the AppHost and the cluster expose no external endpoint).
/// Query values are bound as strings and checked here, so a bad one is a ProblemDetails naming the field.
/// </summary>
public static class PurchasesApi
{
    public const string NextCursorHeader = "X-Next-Cursor";
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    public const int RecentCount = 500;

    public const string LimitMessage = "The limit must be a whole number from 1 to 500.";
    public const string CursorMessage = "The cursor is not one this service returned.";

    public static IEndpointRouteBuilder MapPurchasesApi(this IEndpointRouteBuilder app)
    {
        var purchases = app.MapGroup("/purchases").WithTags("Purchases");
        purchases.MapGet("/", GetRecentAsync).WithName("GetRecentPurchases");
        purchases.MapGet("/{userid}", GetUserPurchasesAsync).WithName("GetUserPurchases");
        return app;
    }

    /// <summary>A user's purchases, newest first, a page at a time; the next page's cursor is in <c>X-Next-Cursor</c>.</summary>
    public static async Task<Results<Ok<List<PurchaseResponse>>, ValidationProblem, ProblemHttpResult>> GetUserPurchasesAsync(
        string userid,
        [FromQuery] string? limit,
        [FromQuery] string? before,
        IPurchaseStore store,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!PurchaseRules.IsValidUserId(userid))
        {
            errors["userid"] = [PurchaseRules.UserIdMessage];
        }

        var pageSize = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [LimitMessage];
        }

        PurchaseCursor? cursor = null;
        if (before is not null && !PurchaseCursor.TryDecode(before, out cursor))
        {
            errors["before"] = [CursorMessage];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        IReadOnlyList<PurchaseRecorded> found;
        try
        {
            // One more than the page tells whether another page follows.
            found = await store.GetByUserAsync(userid, cursor, pageSize + 1, cancellationToken);
        }
        catch (PurchaseStoreUnavailableException)
        {
            return StoreUnavailable();
        }

        var page = found.Take(pageSize).Select(PurchaseResponse.From).ToList();
        if (found.Count > pageSize)
        {
            var last = found[pageSize - 1];
            response.Headers[NextCursorHeader] = new PurchaseCursor(last.Timestamp.UtcDateTime, last.Id).Encode();
        }

        return TypedResults.Ok(page);
    }

    /// <summary>The most recent purchases across users, newest first.</summary>
    public static async Task<Results<Ok<List<PurchaseResponse>>, ProblemHttpResult>> GetRecentAsync(
        IPurchaseStore store, CancellationToken cancellationToken)
    {
        try
        {
            var found = await store.GetRecentAsync(RecentCount, cancellationToken);
            return TypedResults.Ok(found.Select(PurchaseResponse.From).ToList());
        }
        catch (PurchaseStoreUnavailableException)
        {
            return StoreUnavailable();
        }
    }

    private static ProblemHttpResult StoreUnavailable() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The purchase store is unavailable.");
}
