using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json.Serialization;
using Microsoft.Net.Http.Headers;
using static System.FormattableString;

namespace BuyList.Facing.Buys;

/// <summary>The body as Facing reads it: unknown or repeated members and numbers given as strings are errors.</summary>
[JsonSourceGenerationOptions(
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(BuyRequest))]
internal sealed partial class BuyRequestJsonContext : JsonSerializerContext;

/// <summary>
/// Reads <c>POST /buy</c> itself rather than through minimal API binding, whose failures are a bare 400 naming no
/// field: content type (415), size (413), JSON syntax and shape, the shared <see cref="PurchaseRules"/> and the
/// <c>Idempotency-Key</c> header (400), each error keyed by the field it is about.
/// </summary>
internal static class BuyRequestReader
{
    private const string BodyMessage = "The body must be one JSON object: {\"username\": string, \"userid\": string, \"price\": number}.";

    /// <summary>The request to act on, or else the problem to answer.</summary>
    public static async ValueTask<(ValidBuyRequest? Request, HttpValidationProblemDetails? Problem)> ReadAsync(
        HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsUtf8Json(request.ContentType))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, BuyRequest.NotJsonTitle,
                new() { [BuyRequest.ContentTypeField] = [BuyRequest.ContentTypeMessage] }));
        }

        // The body is read in the server's own (pooled) buffers and parsed there, without a copy: a buffer allocated
        // per request is garbage to collect on the hot path (docs/performance.md, "First pass profile").
        if (await ReadBodyAsync(request, cancellationToken) is not { } read)
        {
            return TooLarge();
        }

        var body = read.Buffer;
        try
        {
            if (body.Length > BuyRequest.MaxBodyBytes)
            {
                return TooLarge();
            }

            var errors = new Dictionary<string, string[]>();
            var keyValues = request.Headers[PurchaseHttpHeaders.IdempotencyKey];
            var idempotencyKey = keyValues is [var key] && PurchaseRules.IsValidId(key) ? key : null;
            if (keyValues.Count > 0 && idempotencyKey is null)
            {
                errors[PurchaseHttpHeaders.IdempotencyKey] =
                    [Invariant($"The {PurchaseHttpHeaders.IdempotencyKey} must be given once, as 1 to {PurchaseRules.IdMaxLength} letters, digits or . _ @ -.")];
            }

            var purchase = Parse(body.IsSingleSegment ? body.FirstSpan : body.ToArray(), errors);
            if (purchase is not null)
            {
                foreach (var (field, messages) in PurchaseRules.Validate(purchase.Username, purchase.UserId, purchase.Price))
                {
                    errors[field] = messages;
                }
            }

            if (errors.Count > 0 || purchase is not { Username: { } username, UserId: { } userId, Price: { } price })
            {
                return (null, Problem(StatusCodes.Status400BadRequest, BuyRequest.InvalidTitle, errors));
            }

            return (new ValidBuyRequest(username, userId, price, idempotencyKey), null);
        }
        finally
        {
            request.BodyReader.AdvanceTo(body.End);
        }
    }

    /// <summary>A field name fit for a log: an unknown member's name is part of the body, so it is not repeated.</summary>
    public static string LoggableField(string field) =>
        field is "username" or "userid" or "price" or BuyRequest.BodyField or PurchaseHttpHeaders.IdempotencyKey or BuyRequest.ContentTypeField ? field : "(unknown field)";

    private static bool IsUtf8Json(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (mediaType.Charset.Length == 0 || HeaderUtilities.RemoveQuotes(mediaType.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The whole body, or as much of it as shows it is over <see cref="BuyRequest.MaxBodyBytes"/> (whether announced, chunked or
    /// lied about); null when the server itself refused it as too large. The caller advances the reader past it, and the
    /// server drains the rest after the answer (<see cref="RequestLimitsOptions.MaxServerBodyBytes"/>).
    /// </summary>
    private static async ValueTask<ReadResult?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > BuyRequest.MaxBodyBytes)
        {
            return null;
        }

        try
        {
            // Returns once the body is complete or one byte past the limit has arrived, whichever comes first.
            return await request.BodyReader.ReadAtLeastAsync(BuyRequest.MaxBodyBytes + 1, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private static (ValidBuyRequest?, HttpValidationProblemDetails?) TooLarge() =>
        (null, Problem(StatusCodes.Status413PayloadTooLarge, BuyRequest.TooLargeTitle, new() { [BuyRequest.BodyField] = [BuyRequest.TooLargeMessage] }));

    private static BuyRequest? Parse(ReadOnlySpan<byte> body, Dictionary<string, string[]> errors)
    {
        body = body.StartsWith("\uFEFF"u8) ? body[3..] : body;

        try
        {
            var purchase = JsonSerializer.Deserialize(body, BuyRequestJsonContext.Default.BuyRequest);
            if (purchase is null)
            {
                errors[BuyRequest.BodyField] = [BodyMessage];
            }

            return purchase;
        }
        catch (JsonException ex)
        {
            // A broken document is blamed on the body, not on whichever field the parser was in. Checked only after a
            // failure, so a valid body is read once.
            var field = IsWellFormed(body) ? FieldOf(ex.Path) : BuyRequest.BodyField;
            errors[field] = [field switch
            {
                "username" => Invariant($"The username must be a JSON string of 1 to {PurchaseRules.UsernameMaxLength} characters (Unicode code points), given once."),
                "userid" => Invariant($"The user id must be a JSON string of 1 to {PurchaseRules.UserIdMaxLength} letters, digits or . _ @ -, given once."),
                "price" => Invariant($"The price must be a JSON number more than 0 and at most {PurchaseRules.MaxPrice:N0}, with at most {PurchaseRules.PriceDecimals} decimals, given once."),
                BuyRequest.BodyField => BodyMessage,
                _ => "A purchase has no such field; it takes username, userid and price.",
            }];
            return null;
        }
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> json)
    {
        try
        {
            JsonElement.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The member a JSON path points into: <c>$.price</c> is price, <c>$['a b']</c> is a b, <c>$</c> is the body.</summary>
    private static string FieldOf(string? path)
    {
        var member = string.IsNullOrEmpty(path) ? [] : path.AsSpan(1);
        if (member.StartsWith("['"))
        {
            var end = member.IndexOf("']");
            return end > 2 ? member[2..end].ToString() : BuyRequest.BodyField;
        }

        if (member.StartsWith("."))
        {
            member = member[1..];
            var end = member.IndexOfAny('.', '[');
            return (end < 0 ? member : member[..end]).ToString();
        }

        return BuyRequest.BodyField;
    }

    private static HttpValidationProblemDetails Problem(int status, string title, Dictionary<string, string[]> errors) =>
        new(errors) { Status = status, Title = title };
}

/// <summary>A purchase request that passed every check.</summary>
internal sealed record ValidBuyRequest(string Username, string UserId, decimal Price, string? IdempotencyKey);
