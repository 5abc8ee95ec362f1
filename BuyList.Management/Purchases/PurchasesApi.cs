using BuyList.Contracts.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuyList.Management.Purchases;

/// <summary>
/// Reads of stored purchases, for Facing only (the AppHost and the cluster expose no external endpoint). Query values
/// are bound as strings and checked by <see cref="PurchaseListQuery"/>, so a bad one is a ProblemDetails naming the
/// field. Its OpenAPI document is <c>docs/openapi/management.json</c>.
/// </summary>
public static class PurchasesApi
{
    /// <summary>How many purchases <c>GET /purchases</c> returns.</summary>
    public const int RecentCount = 500;

    public const string Tag = "Purchases";

    public static IEndpointRouteBuilder MapPurchasesApi(this IEndpointRouteBuilder app)
    {
        var purchases = app.MapGroup("/purchases").WithTags(Tag);

        purchases.MapGet("/", GetRecentAsync)
            .WithName("GetRecentPurchases")
            .WithSummary($"The {RecentCount} most recent purchases across users, newest first.")
            .WithDescription($"At most {RecentCount} purchases, fewer when fewer are stored; there are no further pages.")
            .ProducesRetryAfterProblem(StatusCodes.Status503ServiceUnavailable);

        purchases.MapGet("/{userid}", GetUserPurchasesAsync)
            .WithName("GetUserPurchases")
            .WithSummary("A user's purchases, newest first, a page at a time.")
            .WithPurchaseListQuery()
            .ProducesRetryAfterProblem(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    /// <summary>A user's purchases, newest first, a page at a time; the next page's cursor is in <c>X-Next-Cursor</c>.</summary>
    public static async Task<Results<Ok<IReadOnlyList<Purchase>>, ProblemHttpResult>> GetUserPurchasesAsync(
        string userid,
        string? limit,
        string? before,
        IPurchaseStore store,
        IOptions<PurchasesApiOptions> options,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        PurchaseCursor? cursor = null;
        if (!PurchaseListQuery.TryParse(userid, limit, before, out var query, out var errors, isCursor: c => PurchaseCursor.TryDecode(c, out cursor)))
        {
            return ValidationProblems.Create(errors, PurchaseListQuery.InvalidTitle);
        }

        // One more than the page tells whether another page follows.
        var found = await ReadAsync(token => store.GetByUserAsync(query.UserId, cursor, query.Limit + 1, token), options.Value, cancellationToken);
        if (found is null)
        {
            return StoreUnavailable(response, options.Value);
        }

        var purchases = found.Take(query.Limit).ToList();
        var next = found.Count > query.Limit ? new PurchaseCursor(purchases[^1].Timestamp.UtcDateTime, purchases[^1].Id).Encode() : null;
        return PurchasePages.Ok(response, new PurchasePage(purchases, next));
    }

    /// <summary>The most recent purchases across users, newest first.</summary>
    public static async Task<Results<Ok<IReadOnlyList<Purchase>>, ProblemHttpResult>> GetRecentAsync(
        IPurchaseStore store, IOptions<PurchasesApiOptions> options, HttpResponse response, CancellationToken cancellationToken)
    {
        var recent = await ReadAsync(token => store.GetRecentAsync(RecentCount, token), options.Value, cancellationToken);
        return recent is null ? StoreUnavailable(response, options.Value) : TypedResults.Ok(recent);
    }

    /// <summary>
    /// Reads within <see cref="PurchasesApiOptions.StoreTimeout"/>; null when the store failed, or did not answer in
    /// time while the caller was still waiting.
    /// </summary>
    private static async Task<IReadOnlyList<Purchase>?> ReadAsync(
        Func<CancellationToken, Task<IReadOnlyList<Purchase>>> read, PurchasesApiOptions options, CancellationToken requestAborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(options.StoreTimeout);
        try
        {
            return await read(timeout.Token);
        }
        catch (Exception ex) when (ex is PurchaseStoreUnavailableException || (ex is OperationCanceledException && !requestAborted.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>503 with Retry-After, as Facing answers its own: one store timeout, in whole seconds.</summary>
    private static ProblemHttpResult StoreUnavailable(HttpResponse response, PurchasesApiOptions options)
    {
        response.Headers.RetryAfter = ((int)Math.Ceiling(options.StoreTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The purchase store is unavailable.");
    }
}
