using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuyList.Web.Purchases;

/// <summary>A purchase as Facing returns it (<c>POST /buy</c> and <c>GET /getAllUserBuys/{userid}</c>).</summary>
public sealed record Purchase(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("userid")] string UserId,
    [property: JsonPropertyName("price")] decimal Price,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp);

/// <summary>The body of <c>POST /buy</c>.</summary>
public sealed record PurchaseRequest(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("userid")] string UserId,
    [property: JsonPropertyName("price")] decimal Price);

/// <summary>The 201 answer of <c>POST /buy</c>.</summary>
public sealed record PurchaseReceipt(
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("purchase")] Purchase Purchase);

/// <summary>One page of a user's purchases, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record PurchasePage(IReadOnlyList<Purchase> Items, string? NextCursor);

/// <summary>The part of a ProblemDetails answer the page shows.</summary>
public sealed record FacingProblem(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("errors")] Dictionary<string, string[]>? Errors);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PurchaseRequest))]
[JsonSerializable(typeof(PurchaseReceipt))]
[JsonSerializable(typeof(List<Purchase>))]
[JsonSerializable(typeof(FacingProblem))]
internal sealed partial class FacingJsonContext : JsonSerializerContext;
