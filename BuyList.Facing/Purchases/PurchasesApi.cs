using System.Globalization;
using BuyList.Contracts;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BuyList.Facing.Purchases;

/// <summary>The seed's routes: <c>POST /buy</c> records a purchase, <c>GET /getAllUserBuys/{userid}</c> lists a user's.</summary>
public static class PurchasesApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    public const int MaxCursorLength = 512;

    private const string CursorMessage = "The cursor must be the X-Next-Cursor value of the previous page.";

    public static IEndpointRouteBuilder MapPurchasesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("");
        api.MapPost("/buy", Buy);
        api.MapGet("/getAllUserBuys/{userid}", GetAllUserBuys);
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
        var read = await BuyRequestReader.ReadAsync(context.Request, context.RequestAborted);
        if (!read.IsValid)
        {
            metrics.Rejected(FacingMetrics.ReasonValidation);
            Log.PurchaseRefused(loggerFactory.CreateLogger(typeof(PurchasesApi)), read.Problem.Status ?? StatusCodes.Status400BadRequest,
                string.Join(",", read.Problem.Errors.Keys.Select(BuyRequestReader.LoggableField)));
            return TypedResults.Problem(read.Problem);
        }

        var request = read.Request;
        // Milliseconds, as MongoDB stores dates: the 201 shows the timestamp a later listing returns.
        var now = timeProvider.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        // The client's key makes a retry the same purchase (Management stores by id); otherwise a time-ordered id.
        var id = request.IdempotencyKey ?? Guid.CreateVersion7(now).ToString();
        var purchase = new PurchaseRecorded(id, request.Username, request.UserId, request.Price, now);

        var status = await publisher.PublishAsync(purchase);
        if (status != PersistenceStatus.Persisted)
        {
            metrics.Rejected(FacingMetrics.ReasonBrokerUnavailable);
            return Unavailable(context, options.Value, status == PersistenceStatus.PossiblyPersisted
                ? new ProblemDetails
                {
                    Title = "The purchase may not have been recorded.",
                    Detail = $"The broker did not confirm the purchase in time; it may or may not be recorded. Retry with the header Idempotency-Key: {id} so that it is recorded once.",
                    Extensions = { ["purchaseId"] = id },
                }
                : new ProblemDetails
                {
                    Title = "The purchase was not recorded.",
                    Detail = "The message broker is unavailable and the purchase was not recorded. It is safe to retry.",
                });
        }

        metrics.Accepted();
        return TypedResults.Created(
            $"/getAllUserBuys/{Uri.EscapeDataString(purchase.UserId)}",
            new PurchaseCreated(PurchaseCreated.RecordedMessage,
                new Purchase(purchase.Id, purchase.Username, purchase.UserId, purchase.Price, purchase.Timestamp)));
    }

    public static async Task<Results<Ok<IReadOnlyList<Purchase>>, ProblemHttpResult>> GetAllUserBuys(
        string userid,
        string? limit,
        string? before,
        HttpContext context,
        ManagementClient management,
        IOptions<PurchasesOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        if (!PurchaseRules.IsValidUserId(userid))
        {
            errors["userid"] = [PurchaseRules.UserIdMessage];
        }

        var pageSize = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"The limit must be a whole number from 1 to {MaxLimit}."];
        }

        if (before is { Length: 0 or > MaxCursorLength })
        {
            errors["before"] = [CursorMessage];
        }

        if (errors.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The listing request is not valid.",
            });
        }

        var (outcome, page) = await management.GetPurchasesAsync(userid, pageSize, before, context.RequestAborted);
        switch (outcome)
        {
            case PageOutcome.Found when page is not null:
                if (page.NextCursor is not null)
                {
                    context.Response.Headers[ManagementClient.NextCursorHeader] = page.NextCursor;
                }

                return TypedResults.Ok(page.Purchases);
            case PageOutcome.CursorRejected:
                return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["before"] = [CursorMessage] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The listing request is not valid.",
                });
            default:
                return Unavailable(context, options.Value, new ProblemDetails
                {
                    Title = "Purchases cannot be listed right now.",
                    Detail = "The purchase store did not answer in time. Try again shortly.",
                });
        }
    }

    private static ProblemHttpResult Unavailable(HttpContext context, PurchasesOptions options, ProblemDetails problem)
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        problem.Status = StatusCodes.Status503ServiceUnavailable;
        return TypedResults.Problem(problem);
    }
}
