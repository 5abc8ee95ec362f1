namespace BuyList.Contracts;

/// <summary>Names both services and the deployment agree on (see DEVELOPERS.md).</summary>
public static class PurchaseMessaging
{
    public const string Topic = "purchases";
    public const string DeadLetterTopic = "purchases.dlq";
    public const string ConsumerGroup = "purchase-group";

    /// <summary>The dead-letter topic is low-volume and read by people: one partition keeps it in order.</summary>
    public const int DeadLetterPartitions = 1;

    /// <summary>The characters Kafka allows in a topic (and group) name.</summary>
    public const string TopicNamePattern = "^[A-Za-z0-9._-]{1,249}$";

    /// <summary>Kafka header names carried by every purchase message.</summary>
    public static class Headers
    {
        public const string ContentType = "content-type";
        public const string EventType = "event-type";
        public const string EventVersion = "event-version";
        public const string PurchaseId = "purchase-id";

        public const string DeadLetterError = "dlq-error";
        public const string DeadLetterReason = "dlq-reason";
        public const string DeadLetterSourceTopic = "dlq-source-topic";
        public const string DeadLetterSourcePartition = "dlq-source-partition";
        public const string DeadLetterSourceOffset = "dlq-source-offset";
    }
}
