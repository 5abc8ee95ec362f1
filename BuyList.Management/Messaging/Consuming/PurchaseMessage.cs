using System.Text;
using System.Text.Json;
using BuyList.Contracts;
using BuyList.Management.Messaging.DeadLetters;
using Confluent.Kafka;

namespace BuyList.Management.Messaging.Consuming;

/// <summary>A consumed message and what reading it gave: a purchase, or the reason it goes to the dead-letter topic.</summary>
public sealed class PurchaseMessage
{
    private PurchaseMessage(ConsumeResult<string, byte[]> result, Purchase? purchase, string? error, string? reason)
    {
        Result = result;
        Purchase = purchase;
        Error = error;
        Reason = reason;
    }

    public ConsumeResult<string, byte[]> Result { get; }

    public TopicPartition TopicPartition => Result.TopicPartition;

    /// <summary>The purchase; null when the message is dead-lettered.</summary>
    public Purchase? Purchase { get; }

    /// <summary>One of <see cref="DeadLetterErrors"/>; null for a purchase.</summary>
    public string? Error { get; }

    /// <summary>What is wrong, for the <c>dlq-reason</c> header (field names and rules, never values).</summary>
    public string? Reason { get; }

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
            return ReadContract(result);
        }
        catch (Exception ex)
        {
            // Something no check foresaw (e.g. a header without a value). Throwing would stop the consumer on an
            // uncommitted message, and the restarted service would stop on it again. Only the exception's type is
            // kept: its message may quote the payload.
            return Rejected(result, DeadLetterErrors.Unreadable, $"Reading the message failed unexpectedly ({ex.GetType().Name}).");
        }
    }

    private static PurchaseMessage ReadContract(ConsumeResult<string, byte[]> result)
    {
        var headers = result.Message.Headers;
        if (TryGetHeader(headers, PurchaseMessaging.Headers.EventType, out var type) && type != PurchaseEventType.Name)
        {
            return Rejected(result, DeadLetterErrors.UnsupportedEventType, $"The event type is not {PurchaseEventType.Name}.");
        }

        if (TryGetHeader(headers, PurchaseMessaging.Headers.EventVersion, out var version)
            && version != PurchaseEventType.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return Rejected(result, DeadLetterErrors.UnsupportedEventVersion, $"The event version is not {PurchaseEventType.Version}.");
        }

        try
        {
            return new PurchaseMessage(result, PurchaseJson.Deserialize(result.Message.Value ?? []), null, null);
        }
        catch (PurchaseContractException ex)
        {
            var error = ex.InnerException is JsonException ? DeadLetterErrors.Unreadable : DeadLetterErrors.ContractViolation;
            return Rejected(result, error, ex.Message);
        }
    }

    private static PurchaseMessage Rejected(ConsumeResult<string, byte[]> result, string error, string reason) =>
        new(result, null, error, reason);

    private static bool TryGetHeader(Headers? headers, string key, out string value)
    {
        value = "";
        if (headers is null || !headers.TryGetLastBytes(key, out var bytes))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(bytes);
        return true;
    }
}
