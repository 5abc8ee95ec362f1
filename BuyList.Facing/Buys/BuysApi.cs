using Microsoft.AspNetCore.Http.HttpResults;

namespace BuyList.Facing.Buys;

/// <summary>
/// The public API: <c>POST /buy</c> records a purchase, <c>GET /getAllUserBuys/{userid}</c> lists a user's, newest
/// first. Its OpenAPI document is <c>docs/openapi/facing.json</c>.
/// </summary>
public static class BuysApi
{
    public const string Tag = "Buys";

    public static IEndpointRouteBuilder MapBuysApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("").WithTags(Tag);

        api.MapPost("/buy", Buy)
            .WithName("Buy")
            .WithSummary("Records a purchase.")
            .WithDescription("Answers 201 once the purchase is on the message broker; it is listed once Management has stored it, " +
                "usually within a second.")
            .WithJsonRequestBody<BuyRequest>()
            .WithRequestHeader(PurchaseHttpHeaders.IdempotencyKey,
                "Makes a retry the same purchase. The key belongs to the user of the body: the purchase id is derived from " +
                "the userid and the key, so a retry by the same user with the same key is one purchase, and another user's key " +
                "never names it. Reusing a key for another purchase (another username or price) is a mistake: the answer is " +
                "201, but the purchase listed under that id stays the first. Use a new key (e.g. a UUID) per purchase.",
                PurchaseRules.UserIdPattern)
            .WithResponseHeader(StatusCodes.Status201Created, "Location", "The listing of the purchase's user.", required: true)
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesRetryAfterProblem(StatusCodes.Status429TooManyRequests)
            .ProducesRetryAfterProblem(StatusCodes.Status503ServiceUnavailable)
            .WithResponseDescription(StatusCodes.Status503ServiceUnavailable,
                "The broker did not take the purchase. When it may have (it did not confirm in time), the problem also " +
                "carries purchaseId and idempotencyKey: retry with that Idempotency-Key and the purchase is recorded once.")
            .RequireRateLimiting(RequestLimitsExtensions.BuyPolicy);

        api.MapGet("/getAllUserBuys/{userid}", GetAllUserBuys)
            .WithName("GetAllUserBuys")
            .WithSummary("Lists a user's purchases, newest first, a page at a time.")
            .WithPurchaseListQuery()
            .ProducesRetryAfterProblem(StatusCodes.Status503ServiceUnavailable);

        return endpoints;
    }

    public static async Task<Results<Created<PurchaseCreated>, ProblemHttpResult>> Buy(
        HttpContext context,
        PurchasePublisher publisher,
        FacingMetrics metrics,
        TimeProvider timeProvider,
        IOptions<PurchasesOptions> options,
        ILoggerFactory loggerFactory)
    {
        var (request, problem) = await BuyRequestReader.ReadAsync(context.Request, context.RequestAborted);
        if (request is null)
        {
            metrics.Rejected(FacingMetrics.ReasonValidation);
            FacingLog.PurchaseRefused(loggerFactory.CreateLogger(typeof(BuysApi)), problem!.Status ?? StatusCodes.Status400BadRequest,
                string.Join(",", problem.Errors.Keys.Select(BuyRequestReader.LoggableField)));
            return TypedResults.Problem(problem);
        }

        var now = PurchaseRules.ToTimestamp(timeProvider.GetUtcNow());
        // The key is scoped to its user: the id is derived from both, so a retry is the same purchase (Management
        // stores by id) and another user's key never names it. Without a key, Facing makes one up for the retry hint.
        var key = request.IdempotencyKey ?? PurchaseIds.NewIdempotencyKey(now);
        var id = PurchaseIds.FromIdempotencyKey(request.UserId, key);
        var purchase = new Purchase(id, request.Username, request.UserId, request.Price, now);

        var status = await publisher.PublishAsync(purchase);
        if (status != PersistenceStatus.Persisted)
        {
            metrics.Rejected(FacingMetrics.ReasonBrokerUnavailable);
            return status == PersistenceStatus.PossiblyPersisted
                ? Unavailable(context, options.Value, "The purchase may not have been recorded.",
                    $"The broker did not confirm the purchase in time; it may or may not be recorded. Retry with the header {PurchaseHttpHeaders.IdempotencyKey}: {key} so that it is recorded once.",
                    new Dictionary<string, object?> { ["purchaseId"] = id, ["idempotencyKey"] = key })
                : Unavailable(context, options.Value, "The purchase was not recorded.",
                    "The message broker is unavailable and the purchase was not recorded. It is safe to retry.");
        }

        metrics.Accepted();
        return TypedResults.Created(
            $"/getAllUserBuys/{Uri.EscapeDataString(purchase.UserId)}",
            new PurchaseCreated(PurchaseCreated.RecordedMessage, purchase));
    }

    public static async Task<Results<Ok<IReadOnlyList<Purchase>>, ProblemHttpResult>> GetAllUserBuys(
        string userid,
        string? limit,
        string? before,
        HttpContext context,
        ManagementClient management,
        IOptions<PurchasesOptions> options)
    {
        if (!PurchaseListQuery.TryParse(userid, limit, before, out var query, out var errors))
        {
            return ValidationProblems.Create(errors, PurchaseListQuery.InvalidTitle);
        }

        var (outcome, page) = await management.GetPurchasesAsync(query, context.RequestAborted);
        return outcome switch
        {
            PageOutcome.Found when page is not null => PurchasePages.Ok(context.Response, page),
            PageOutcome.CursorRejected => ValidationProblems.Create([new("before", [PurchaseListQuery.CursorMessage])], PurchaseListQuery.InvalidTitle),
            _ => Unavailable(context, options.Value, "Purchases cannot be listed right now.",
                "The purchase store did not answer in time. Try again shortly."),
        };
    }

    private static ProblemHttpResult Unavailable(HttpContext context, PurchasesOptions options, string title, string detail,
        IDictionary<string, object?>? extensions = null)
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: title, extensions: extensions);
    }
}
