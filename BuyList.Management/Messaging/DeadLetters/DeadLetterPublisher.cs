using BuyList.Management.Messaging.Consuming;

namespace BuyList.Management.Messaging.DeadLetters;

/// <summary>
/// Copies messages that can never be stored to the dead-letter topic: same key, same value bytes, the original
/// headers plus where the message came from and why it was refused.
/// </summary>
/// <remarks>A delivery is awaited until its report, within <c>Kafka:Producer:MessageTimeoutMs</c>, which
/// <see cref="DeadLetterTimeoutValidation"/> keeps within a write attempt and the drain.</remarks>
public sealed class DeadLetterPublisher(IProducer<string, byte[]> producer, IOptions<PurchaseConsumerOptions> options)
{
    /// <summary>The verdict: each dead-letter header with its value for a message.</summary>
    private static readonly (string Header, Func<PurchaseMessage, string> Value)[] s_verdict =
    [
        (PurchaseMessaging.Headers.DeadLetterError, m => m.Error ?? ""),
        (PurchaseMessaging.Headers.DeadLetterReason, m => m.Reason ?? ""),
        (PurchaseMessaging.Headers.DeadLetterSourceTopic, m => m.Result.Topic),
        (PurchaseMessaging.Headers.DeadLetterSourcePartition, m => m.Result.Partition.Value.ToString(CultureInfo.InvariantCulture)),
        (PurchaseMessaging.Headers.DeadLetterSourceOffset, m => m.Result.Offset.Value.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>Sends every message not yet dead-lettered and returns once the broker has acknowledged all of them.</summary>
    /// <exception cref="KafkaException">A message was not delivered; the ones that were are marked.</exception>
    public Task PublishAsync(IEnumerable<PurchaseMessage> messages) =>
        Task.WhenAll(messages.Where(m => m.Purchase is null && !m.DeadLettered).Select(PublishOneAsync).ToList());

    /// <summary>A message's headers without a dead-letter verdict: those it carried before it was ever dead-lettered.</summary>
    internal static Headers OriginalHeaders(Headers? headers)
    {
        var original = new Headers();
        foreach (var header in (headers ?? []).Where(h => !s_verdict.Any(v => v.Header == h.Key)))
        {
            original.Add(header.Key, header.GetValueBytes());
        }

        return original;
    }

    private async Task PublishOneAsync(PurchaseMessage message)
    {
        var topic = options.Value.DeadLetterTopic;
        // The original headers, with the dead-letter ones (of an earlier verdict, too) replaced by this one's.
        var headers = OriginalHeaders(message.Result.Message.Headers);
        foreach (var (header, value) in s_verdict)
        {
            headers.Add(header, Encoding.UTF8.GetBytes(value(message)));
        }

        // The publish span continues the original trace and replaces its context in the copy's headers.
        using var activity = KafkaTelemetry.StartPublish(topic, headers);
        try
        {
            // Deliberately no cancellation token: cancelling only stops the waiting, while librdkafka keeps the
            // message and may still deliver it. The retried batch would then queue another copy, one per attempt.
            // The wait is bounded by message.timeout.ms instead, after which the copy is delivered or failed.
            var delivery = await producer.ProduceAsync(
                topic,
                new Message<string, byte[]> { Key = message.Result.Message.Key, Value = message.Result.Message.Value, Headers = headers },
                CancellationToken.None);
            KafkaTelemetry.RecordDelivery(activity, delivery.TopicPartitionOffset);
            message.DeadLettered = true;
        }
        catch (Exception ex)
        {
            KafkaTelemetry.RecordError(activity, ex);
            throw;
        }
    }
}
