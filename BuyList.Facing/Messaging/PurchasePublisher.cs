using System.Text;

namespace BuyList.Facing.Messaging;

/// <summary>
/// Publishes PurchaseRecorded events to Kafka, keyed by user id so one user's purchases stay in order on
/// one partition, and reports what the broker's delivery report said.
/// </summary>
public sealed class PurchasePublisher(
    IProducer<string, byte[]> producer,
    IOptions<PurchasesOptions> options,
    FacingMetrics metrics,
    TimeProvider timeProvider,
    ILogger<PurchasePublisher> logger)
{
    private static readonly byte[] s_contentType = Encoding.UTF8.GetBytes("application/json");
    private static readonly byte[] s_eventType = Encoding.UTF8.GetBytes(PurchaseEventType.Name);
    private static readonly byte[] s_eventVersion = Encoding.UTF8.GetBytes(PurchaseEventType.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Produces the event and waits for its delivery report, which comes within the producer's
    /// <c>message.timeout.ms</c> (<c>Kafka:Producer:MessageTimeoutMs</c>) at the latest.
    /// </summary>
    /// <returns>
    /// <see cref="PersistenceStatus.Persisted"/> when every in-sync replica has it; <see cref="PersistenceStatus.NotPersisted"/>
    /// when it never reached the broker and never will; <see cref="PersistenceStatus.PossiblyPersisted"/> when it may have.
    /// </returns>
    public async Task<PersistenceStatus> PublishAsync(Purchase purchase)
    {
        var topic = options.Value.Topic;
        var headers = new Headers
        {
            { PurchaseMessaging.Headers.ContentType, s_contentType },
            { PurchaseMessaging.Headers.EventType, s_eventType },
            { PurchaseMessaging.Headers.EventVersion, s_eventVersion },
            { PurchaseMessaging.Headers.PurchaseId, Encoding.UTF8.GetBytes(purchase.Id) },
        };
        using var activity = KafkaTelemetry.StartPublish(topic, headers);
        var message = new Message<string, byte[]> { Key = purchase.UserId, Value = PurchaseJson.Serialize(purchase), Headers = headers };

        var started = timeProvider.GetTimestamp();
        PersistenceStatus status;
        try
        {
            // Deliberately no cancellation token (not even the request's): cancelling only stops the waiting, while
            // librdkafka keeps the message and may still deliver it. Whoever stopped waiting could then report
            // "not recorded" for a purchase that is recorded. The wait is bounded by message.timeout.ms instead,
            // after which the message is either delivered or certainly dropped.
            var delivery = await producer.ProduceAsync(topic, message, CancellationToken.None);
            status = delivery.Status;
            KafkaTelemetry.RecordDelivery(activity, delivery.TopicPartitionOffset);
            FacingLog.PurchasePersisted(logger, purchase.Id, delivery.TopicPartitionOffset);
        }
        catch (ProduceException<string, byte[]> ex)
        {
            status = ex.DeliveryResult.Status;
            KafkaTelemetry.RecordError(activity, ex);
            FacingLog.PublishFailed(logger, purchase.Id, ex.Error.Code, status);
        }

        metrics.Published(timeProvider.GetElapsedTime(started), status);
        return status;
    }
}
