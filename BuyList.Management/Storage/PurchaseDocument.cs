using BuyList.Contracts;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace BuyList.Management.Storage;

/// <summary>
/// A purchase as stored in the <c>purchases</c> collection. The purchase id is the document id, so a purchase
/// delivered twice can only ever be one document. Every element is <see cref="BsonRequiredAttribute"/>: the driver
/// ignores C# <c>required</c>, and would read a document missing one as a price of 0 or a null user id.
/// </summary>
public sealed class PurchaseDocument
{
    [BsonId, BsonRequired]
    public required string Id { get; init; }

    [BsonElement("username"), BsonRequired]
    public required string Username { get; init; }

    [BsonElement("userid"), BsonRequired]
    public required string UserId { get; init; }

    /// <summary>Decimal128 keeps the exact decimal amount (a double would not).</summary>
    [BsonElement("price"), BsonRequired, BsonRepresentation(BsonType.Decimal128)]
    public required decimal Price { get; init; }

    /// <summary>When the purchase was made (UTC; BSON dates hold milliseconds).</summary>
    [BsonElement("timestamp"), BsonRequired, BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public required DateTime Timestamp { get; init; }

    /// <summary>When Management first stored it.</summary>
    [BsonElement("storedAt"), BsonRequired, BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public required DateTime StoredAt { get; init; }

    public static PurchaseDocument From(Purchase purchase, DateTime storedAt) => new()
    {
        Id = purchase.Id,
        Username = purchase.Username,
        UserId = purchase.UserId,
        Price = purchase.Price,
        Timestamp = ToBsonPrecision(purchase.Timestamp.UtcDateTime),
        StoredAt = ToBsonPrecision(storedAt),
    };

    public Purchase ToPurchase() =>
        new(Id, Username, UserId, Price, new DateTimeOffset(DateTime.SpecifyKind(Timestamp, DateTimeKind.Utc)));

    /// <summary>BSON dates are whole milliseconds: truncating here makes the document equal what is read back.</summary>
    public static DateTime ToBsonPrecision(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
