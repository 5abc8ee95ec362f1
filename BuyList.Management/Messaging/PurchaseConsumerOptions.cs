using System.ComponentModel.DataAnnotations;

namespace BuyList.Management.Messaging;

/// <summary>
/// How Management consumes <c>purchases</c>, bound from the <c>Purchases</c> section. The defaults are the names
/// in DEVELOPERS.md; the deployment's drift test reads the same keys from appsettings.json.
/// </summary>
public sealed class PurchaseConsumerOptions : IValidatableObject
{
    public const string SectionName = "Purchases";

    [Required, RegularExpression(PurchaseMessaging.TopicNamePattern)]
    public string Topic { get; set; } = PurchaseMessaging.Topic;

    [Required, RegularExpression(PurchaseMessaging.TopicNamePattern)]
    public string DeadLetterTopic { get; set; } = PurchaseMessaging.DeadLetterTopic;

    [Required, RegularExpression(PurchaseMessaging.TopicNamePattern)]
    public string ConsumerGroup { get; set; } = PurchaseMessaging.ConsumerGroup;

    /// <summary>Partitions of <see cref="Topic"/> when Management creates it; the most consumers that can share the work.</summary>
    [Range(1, 1000)]
    public int Partitions { get; set; } = 6;

    /// <summary>The most messages written to the store in one bulk write.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a batch waits for more messages after its first one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The first wait before a failed write or start-up step is retried (see <see cref="RetryDelay"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest one store write or dead-letter delivery may take (the latter is bounded by the producer's message
    /// timeout, which must be shorter). The consumer does not poll Kafka meanwhile, so
    /// this must stay well under the consumer's <c>max.poll.interval.ms</c> (5 minutes by default), or the group
    /// would evict it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the batch in hand may still be written (and committed) once the host is stopping: its final attempt.
    /// Not the host's <c>Shutdown:DrainTimeout</c>; the timeout chain in DEVELOPERS.md says which must outlast which.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:25")]
    public TimeSpan FinalAttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the consumer lag gauge's figures are refreshed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LagRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The one backoff, for the consumer's write retries and the start-up steps: the wait before retry
    /// <paramref name="attempt"/> (1-based) is <see cref="RetryInitialDelay"/> doubled per attempt up to
    /// <see cref="RetryMaxDelay"/>, of which the upper half is random, so replicas that failed together do not retry together.
    /// </summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var ceiling = Math.Min(RetryInitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)), RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.Equals(Topic, DeadLetterTopic, StringComparison.Ordinal))
        {
            yield return new ValidationResult("The dead-letter topic must differ from the topic.", [nameof(DeadLetterTopic)]);
        }

        if (RetryInitialDelay > RetryMaxDelay)
        {
            yield return new ValidationResult("RetryInitialDelay must not exceed RetryMaxDelay.", [nameof(RetryInitialDelay)]);
        }
    }
}
