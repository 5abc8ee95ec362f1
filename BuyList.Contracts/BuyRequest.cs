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
    [property: JsonPropertyName("price"), JsonConverter(typeof(ExactPriceConverter))] decimal? Price)
{
    /// <summary>The largest body <c>POST /buy</c> reads (413 beyond): a purchase is three short fields, and this bounds what one request can make Facing hold.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>The <c>errors</c> key of what is wrong with the body as a whole (not one JSON object, or too large).</summary>
    public const string BodyField = "body";
    public const string ContentTypeField = "Content-Type";

    // The problems POST /buy answers, as Facing writes them and its OpenAPI examples show them.
    public const string InvalidTitle = "The purchase is not valid.";
    public const string TooLargeTitle = "The body is too large.";
    public const string NotJsonTitle = "The body must be JSON.";
    public const string ContentTypeMessage = "The Content-Type must be application/json (charset utf-8, if given).";
    public static readonly string TooLargeMessage = Invariant($"The body must be at most {MaxBodyBytes} bytes.");
}
