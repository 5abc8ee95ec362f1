using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuyList.Facing.Purchases;

/// <summary>A purchase as the HTTP API shows it (the seed's shape).</summary>
public sealed record Purchase(
    string Id,
    string Username,
    [property: JsonPropertyName("userid")] string UserId,
    decimal Price,
    DateTimeOffset Timestamp);

/// <summary>The 201 answer of <c>POST /buy</c>.</summary>
public sealed record PurchaseCreated(string Message, Purchase Purchase)
{
    public const string RecordedMessage = "Purchase recorded";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PurchaseCreated))]
[JsonSerializable(typeof(IReadOnlyList<Purchase>))]
internal sealed partial class FacingJsonContext : JsonSerializerContext;
