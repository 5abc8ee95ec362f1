using System.Text.Json;

namespace BuyList.Management.Messaging.Consuming;

/// <summary>A consumed message and what reading it gave: a purchase, or the reason it goes to the dead-letter topic.</summary>
public sealed class PurchaseMessage
{
    public required ConsumeResult<string, byte[]> Result { get; init; }

    public TopicPartition TopicPartition => Result.TopicPartition;

    /// <summary>The purchase; null when the message is dead-lettered.</summary>
    public Purchase? Purchase { get; private init; }

    /// <summary>One of <see cref="DeadLetterErrors"/>; null for a purchase.</summary>
    public string? Error { get; private init; }

    /// <summary>What is wrong, for the <c>dlq-reason</c> header (field names and rules, never values).</summary>
    public string? Reason { get; private init; }

    /// <summary>Set once the dead-letter topic has acknowledged the copy, so a retried batch does not send it again.</summary>
    public bool DeadLettered { get; set; }

    /// <summary>
    /// Reads a message against the v1 contract. The event headers are checked when present: a producer that sets
    /// them vouches for the version, and a later version must not be read as v1. Without them the body decides.
    /// Never throws: whatever cannot be read is refused, to go to the dead-letter topic.
    /// </summary>
    public static PurchaseMessage Read(ConsumeResult<string, byte[]> result)
    {
        try
        {
            if (Header(result, PurchaseMessaging.Headers.EventType) is { } type && type != PurchaseEventType.Name)
            {
                return Rejected(result, DeadLetterErrors.UnsupportedEventType, $"The event type is not {PurchaseEventType.Name}.");
            }

            if (Header(result, PurchaseMessaging.Headers.EventVersion) is { } version
                && version != PurchaseEventType.Version.ToString(CultureInfo.InvariantCulture))
            {
                return Rejected(result, DeadLetterErrors.UnsupportedEventVersion, $"The event version is not {PurchaseEventType.Version}.");
            }

            return new PurchaseMessage { Result = result, Purchase = PurchaseJson.Deserialize(result.Message.Value ?? []) };
        }
        catch (PurchaseContractException ex)
        {
            return Rejected(result, ex.InnerException is JsonException ? DeadLetterErrors.Unreadable : DeadLetterErrors.ContractViolation, ex.Message);
        }
        catch (Exception ex)
        {
            // Something no check foresaw (e.g. a header without a value). Throwing would stop the consumer on an
            // uncommitted message, and the restarted service would stop on it again. Only the exception's type is
            // kept: its message may quote the payload.
            return Rejected(result, DeadLetterErrors.Unreadable, $"Reading the message failed unexpectedly ({ex.GetType().Name}).");
        }
    }

    private static PurchaseMessage Rejected(ConsumeResult<string, byte[]> result, string error, string reason) =>
        new() { Result = result, Error = error, Reason = reason };

    /// <summary>The header's last value as text; null when absent. A header without a value throws.</summary>
    private static string? Header(ConsumeResult<string, byte[]> result, string key) =>
        result.Message.Headers is { } headers && headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
