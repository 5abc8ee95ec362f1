namespace BuyList.Facing.Messaging;

/// <summary>Where purchases are published and what a client is told when they cannot be (section <c>Purchases</c>).</summary>
public sealed class PurchasesOptions
{
    public const string SectionName = "Purchases";

    /// <summary>The Kafka topic of PurchaseRecorded events.</summary>
    [Required]
    [RegularExpression(PurchaseMessaging.TopicNamePattern, ErrorMessage = "Purchases:Topic must be a Kafka topic name.")]
    public string Topic { get; set; } = PurchaseMessaging.Topic;

    /// <summary>The <c>Retry-After</c> of a 503, in seconds.</summary>
    [Range(1, 300)]
    public int RetryAfterSeconds { get; set; } = 5;
}
