namespace BuyList.Contracts;

/// <summary>
/// The event Facing publishes to <c>purchases</c> once a purchase is accepted, and Management stores: a
/// <see cref="Purchase"/> as JSON (<see cref="PurchaseJson"/>, schema <c>Schemas/purchase-recorded.v1.json</c>), named by
/// the <c>event-type</c> and <c>event-version</c> headers.
/// </summary>
public static class PurchaseRecorded
{
    public const string EventType = "PurchaseRecorded";
    public const int Version = 1;
}
