using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuyList.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace BuyList.ServiceDefaults.Api;

/// <summary>
/// An example for every request body and every answer of the document, written by the contract's own types and
/// serializer (the conformance tests hold each example to its schema).
/// </summary>
internal sealed class OpenApiExamples : IOpenApiDocumentTransformer
{
    private const string TraceId = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static readonly Purchase s_purchase = new(
        PurchaseIds.FromIdempotencyKey("ada-1", "order-42"), "Ada Lovelace", "ada-1", 12.5m,
        new DateTimeOffset(2025, 5, 1, 12, 0, 0, 310, TimeSpan.Zero));

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            var takesBody = operation.RequestBody is not null;
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                media.Example = JsonSerializer.SerializeToNode(new BuyRequest(s_purchase.Username, s_purchase.UserId, s_purchase.Price),
                    PurchaseApiJsonContext.Default.BuyRequest);
            }

            foreach (var (code, response) in operation.Responses ?? new OpenApiResponses())
            {
                var status = int.Parse(code, CultureInfo.InvariantCulture);
                foreach (var media in response.Content?.Values ?? [])
                {
                    media.Example = status switch
                    {
                        StatusCodes.Status201Created => JsonSerializer.SerializeToNode(
                            new PurchaseCreated(PurchaseCreated.RecordedMessage, s_purchase), PurchaseApiJsonContext.Default.PurchaseCreated),
                        StatusCodes.Status200OK => JsonSerializer.SerializeToNode(new List<Purchase> { s_purchase }, PurchaseApiJsonContext.Default.ListPurchase),
                        _ => Problem(status, takesBody),
                    };
                }
            }
        }

        return Task.CompletedTask;
    }

    private static JsonObject Problem(int status, bool takesBody)
    {
        var (title, errors) = status switch
        {
            StatusCodes.Status400BadRequest when takesBody => ("The purchase is not valid.", ("price", PurchaseRules.PriceMessage)),
            StatusCodes.Status400BadRequest => (PurchaseListQuery.InvalidTitle, ("limit", PurchaseListQuery.LimitMessage)),
            StatusCodes.Status413PayloadTooLarge => ("The body is too large.", ("body", "The body must be at most 16384 bytes.")),
            StatusCodes.Status415UnsupportedMediaType => ("The body must be JSON.",
                ("Content-Type", "The Content-Type must be application/json (charset utf-8, if given).")),
            _ => (ReasonPhrases.GetReasonPhrase(status), default((string, string)?)),
        };
        var problem = new JsonObject
        {
            ["type"] = ProblemTypes.For(status),
            ["title"] = title,
            ["status"] = status,
        };
        if (errors is var (field, message))
        {
            problem["errors"] = new JsonObject { [field] = new JsonArray(message) };
        }

        problem["traceId"] = TraceId;
        return problem;
    }
}
