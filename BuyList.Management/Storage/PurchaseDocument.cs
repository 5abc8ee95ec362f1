using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace BuyList.Management.Storage;

/// <summary>
/// A purchase as stored in the <c>purchases</c> collection. The purchase id is the document id, so a purchase
/// delivered twice can only ever be one document. Every element is <see cref="BsonRequiredAttribute"/>: the driver
/// would otherwise read a document missing one as a price of 0 or a null user id.
/// </summary>
/// <param name="Id">The purchase id, the document's <c>_id</c>.</param>
/// <param name="Username">The buyer's name.</param>
/// <param name="UserId">The buyer's id.</param>
/// <param name="Price">Decimal128 keeps the exact decimal amount (a double would not).</param>
/// <param name="Timestamp">When the purchase was made (UTC; BSON dates hold milliseconds).</param>
/// <param name="StoredAt">When Management first stored it.</param>
public sealed record PurchaseDocument(
    [property: BsonId, BsonRequired] string Id,
    [property: BsonElement("username"), BsonRequired] string Username,
    [property: BsonElement("userid"), BsonRequired] string UserId,
    [property: BsonElement("price"), BsonRequired, BsonRepresentation(BsonType.Decimal128)] decimal Price,
    [property: BsonElement("timestamp"), BsonRequired, BsonDateTimeOptions(Kind = DateTimeKind.Utc)] DateTime Timestamp,
    [property: BsonElement("storedAt"), BsonRequired, BsonDateTimeOptions(Kind = DateTimeKind.Utc)] DateTime StoredAt)
{
    /// <remarks>BSON dates are whole milliseconds, as a purchase's timestamp is: cutting both to that makes the document equal what is read back.</remarks>
    public static PurchaseDocument From(Purchase purchase, DateTime storedAt) =>
        new(purchase.Id, purchase.Username, purchase.UserId, purchase.Price,
            PurchaseRules.ToTimestamp(purchase.Timestamp).UtcDateTime, PurchaseRules.ToTimestamp(storedAt).UtcDateTime);

    public Purchase ToPurchase() =>
        new(Id, Username, UserId, Price, new DateTimeOffset(DateTime.SpecifyKind(Timestamp, DateTimeKind.Utc)));
}
