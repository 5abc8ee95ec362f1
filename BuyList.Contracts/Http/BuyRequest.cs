using System.Text.Json.Serialization;

namespace BuyList.Contracts;

/// <summary>
/// The body of <c>POST /buy</c>. Members are nullable so that Facing can name a missing one with the rule's message
/// (<see cref="PurchaseRules"/>); the price is read only when a decimal holds it exactly.
/// </summary>
public sealed record BuyRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("userid")] string? UserId,
    [property: JsonPropertyName("price"), JsonConverter(typeof(ExactPriceConverter))] decimal? Price);
