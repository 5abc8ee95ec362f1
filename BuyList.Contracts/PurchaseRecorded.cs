using System.Text.Json.Serialization;

namespace BuyList.Contracts;

/// <summary>
/// The event Facing publishes to <c>purchases</c> once a purchase is accepted, and Management stores.
/// Version 1 of the contract; its JSON schema is <c>Schemas/purchase-recorded.v1.json</c>.
/// </summary>
public sealed record PurchaseRecorded(
    [property: JsonPropertyName("id"), JsonRequired] string Id,
    [property: JsonPropertyName("username"), JsonRequired] string Username,
    [property: JsonPropertyName("userid"), JsonRequired] string UserId,
    [property: JsonPropertyName("price"), JsonRequired] decimal Price,
    [property: JsonPropertyName("timestamp"), JsonRequired] DateTimeOffset Timestamp)
{
    public const string EventType = "PurchaseRecorded";
    public const int Version = 1;
}
