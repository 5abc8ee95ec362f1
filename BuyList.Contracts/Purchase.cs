using System.ComponentModel;

namespace BuyList.Contracts;

/// <summary>
/// A purchase, the same everywhere: the value of the PurchaseRecorded event on Kafka, the <c>purchase</c>
/// of <c>POST /buy</c>'s 201, and each item of a listing (Facing's and Management's).
/// </summary>
public sealed record Purchase(
    [property: JsonPropertyName("id"), JsonRequired, Description("The purchase id: a UUID derived from the user id and the Idempotency-Key, so a retry by the same user with the same key has the same id. Purchases stored before that rule keep their earlier id (the key itself, or a UUID).")]
    string Id,
    [property: JsonPropertyName("username"), JsonRequired]
    string Username,
    [property: JsonPropertyName("userid"), JsonRequired]
    string UserId,
    [property: JsonPropertyName("price"), JsonRequired, Description("A decimal amount with at most 2 decimals.")]
    decimal Price,
    [property: JsonPropertyName("timestamp"), JsonRequired, JsonConverter(typeof(PurchaseTimestampConverter)),
        Description("When Facing accepted the purchase: RFC 3339 in UTC with Z and exactly three fraction digits (milliseconds), e.g. 2025-05-01T12:00:00.310Z.")]
    DateTimeOffset Timestamp);
