using System.Text.Json.Serialization;
using BuyList.Contracts;

namespace BuyList.Management.Purchases;

/// <summary>A stored purchase as the API returns it (the TypeScript service's shape).</summary>
public sealed record PurchaseResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("userid")] string UserId,
    [property: JsonPropertyName("price")] decimal Price,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp)
{
    public static PurchaseResponse From(PurchaseRecorded purchase) =>
        new(purchase.Id, purchase.Username, purchase.UserId, purchase.Price, purchase.Timestamp);
}
