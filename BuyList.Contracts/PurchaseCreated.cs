namespace BuyList.Contracts;

/// <summary>The 201 answer of <c>POST /buy</c>.</summary>
public sealed record PurchaseCreated(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("purchase")] Purchase Purchase)
{
    public const string RecordedMessage = "Purchase recorded";
}
