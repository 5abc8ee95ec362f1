namespace BuyList.Management.Messaging.DeadLetters;

/// <summary>
/// Refuses to start when a dead-letter delivery could outlast a write attempt or the drain at shutdown: the
/// publisher waits for each delivery report without cancellation (<see cref="DeadLetterPublisher"/>), and librdkafka
/// reports within the producer's <c>message.timeout.ms</c> at the latest.
/// </summary>
public sealed class DeadLetterTimeoutValidation(IConfiguration configuration) : IValidateOptions<PurchaseConsumerOptions>
{
    public ValidateOptionsResult Validate(string? name, PurchaseConsumerOptions options)
    {
        var messageTimeout = KafkaClientSettings.MessageTimeout(configuration);
        if (messageTimeout < options.WriteTimeout && messageTimeout < options.FinalAttemptTimeout)
        {
            return ValidateOptionsResult.Success;
        }

        var ms = messageTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        var value = configuration[KafkaClientSettings.MessageTimeoutKey] is null ? $"unset, so librdkafka's {ms} ms" : $"{ms} ms";
        return ValidateOptionsResult.Fail(
            $"{KafkaClientSettings.MessageTimeoutKey} ({value}) must be shorter than {PurchaseConsumerOptions.SectionName}:{nameof(PurchaseConsumerOptions.WriteTimeout)} " +
            $"({options.WriteTimeout:c}) and {PurchaseConsumerOptions.SectionName}:{nameof(PurchaseConsumerOptions.FinalAttemptTimeout)} ({options.FinalAttemptTimeout:c}): " +
            "a dead-letter delivery is awaited until that timeout, and must fit in one write attempt and in the drain at shutdown.");
    }
}
