using System.ComponentModel;
using System.Text.Json.Serialization;

namespace BuyList.Contracts;

/// <summary>
/// A purchase, the same everywhere: the value of the <see cref="PurchaseRecorded"/> event on Kafka, the <c>purchase</c>
/// of <c>POST /buy</c>'s 201, and each item of a listing (Facing's and Management's).
/// </summary>
public sealed record Purchase(
    [property: JsonPropertyName("id"), JsonRequired, Description("The purchase id: the client's Idempotency-Key, or a time-ordered GUID.")]
    string Id,
    [property: JsonPropertyName("username"), JsonRequired]
    string Username,
    [property: JsonPropertyName("userid"), JsonRequired]
    string UserId,
    [property: JsonPropertyName("price"), JsonRequired, Description("A decimal amount with at most 2 decimals.")]
    decimal Price,
    [property: JsonPropertyName("timestamp"), JsonRequired, Description("When Facing accepted the purchase: UTC, ISO 8601, whole milliseconds.")]
    DateTimeOffset Timestamp);
