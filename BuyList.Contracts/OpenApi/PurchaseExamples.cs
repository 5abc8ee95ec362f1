using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;

namespace BuyList.Contracts.OpenApi;

/// <summary>
/// The example of every request body and answer of the purchase API, written by the contract's own types and
/// serializer, and what its problems say; the API defaults wrote every problem's type, status and trace id before.
/// The conformance tests hold each example to its schema.
/// </summary>
internal sealed class PurchaseExamples : IOpenApiDocumentTransformer
{
    private static readonly Purchase s_purchase = new(
        PurchaseIds.FromIdempotencyKey("ada-1", "order-42"), "Ada Lovelace", "ada-1", 12.5m,
        new DateTimeOffset(2025, 5, 1, 12, 0, 0, 310, TimeSpan.Zero));

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
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
                    if (status == StatusCodes.Status201Created)
                    {
                        media.Example = JsonSerializer.SerializeToNode(
                            new PurchaseCreated(PurchaseCreated.RecordedMessage, s_purchase), PurchaseApiJsonContext.Default.PurchaseCreated);
                    }
                    else if (status == StatusCodes.Status200OK)
                    {
                        media.Example = JsonSerializer.SerializeToNode(new List<Purchase> { s_purchase }, PurchaseApiJsonContext.Default.ListPurchase);
                    }
                    else if (media.Example is JsonObject problem && Problem(status, operation.RequestBody is not null) is var (title, field, message))
                    {
                        problem["title"] = title;
                        // Where ASP.NET Core writes it: before the trace id.
                        problem.Insert(problem.IndexOf("traceId"), "errors", new JsonObject { [field] = new JsonArray(message) });
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>What the purchase API's problem with <paramref name="status"/> says, when more than its status.</summary>
    private static (string Title, string Field, string Message)? Problem(int status, bool takesBody) => status switch
    {
        StatusCodes.Status400BadRequest when takesBody => (BuyRequest.InvalidTitle, "price", PurchaseRules.PriceMessage),
        StatusCodes.Status400BadRequest => (PurchaseListQuery.InvalidTitle, "limit", PurchaseListQuery.LimitMessage),
        StatusCodes.Status413PayloadTooLarge => (BuyRequest.TooLargeTitle, BuyRequest.BodyField, BuyRequest.TooLargeMessage),
        StatusCodes.Status415UnsupportedMediaType => (BuyRequest.NotJsonTitle, BuyRequest.ContentTypeField, BuyRequest.ContentTypeMessage),
        _ => null,
    };
}
