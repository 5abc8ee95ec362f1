namespace BuyList.Contracts;

/// <summary>
/// The type of the event Facing publishes to <c>purchases</c> once a purchase is accepted, and Management stores: the
/// values of its <c>event-type</c> and <c>event-version</c> headers. The event itself is a <see cref="Purchase"/> as
/// JSON (<see cref="PurchaseJson"/>, schema <c>Schemas/purchase-recorded.v1.json</c>).
/// </summary>
public static class PurchaseEventType
{
    public const string Name = "PurchaseRecorded";
    public const int Version = 1;
}
