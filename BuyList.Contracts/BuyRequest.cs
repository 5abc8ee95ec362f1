using System.Text.Json.Serialization;

namespace BuyList.Contracts;

/// <summary>
/// A purchase to record: who bought (username, userid) and for how much (price). Every member is required and no
/// other is accepted; a request that breaks a rule is answered 400 with each bad member named in errors.
/// </summary>
// Members are nullable so that Facing can name a missing one with its rule's message (PurchaseRules); the price is read
// only when a decimal holds it exactly (ExactPriceConverter).
public sealed record BuyRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("userid")] string? UserId,
    [property: JsonPropertyName("price"), JsonConverter(typeof(ExactPriceConverter))] decimal? Price);
