using System.Globalization;
using BuyList.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;

namespace BuyList.Management.Messaging.DeadLetters;

/// <summary>
/// Refuses to start when a dead-letter delivery could outlast a write attempt or the drain at shutdown: the
/// publisher waits for each delivery report without cancellation (<see cref="DeadLetterPublisher"/>), and librdkafka
/// reports within the producer's <c>message.timeout.ms</c> at the latest.
/// </summary>
public sealed class DeadLetterTimeoutValidation(IConfiguration configuration) : IValidateOptions<PurchaseConsumerOptions>
{
    public const string MessageTimeoutKey = KafkaClientSettings.ProducerSection + ":MessageTimeoutMs";

    /// <summary>librdkafka's <c>message.timeout.ms</c> when none is configured: 5 minutes.</summary>
    public const int DefaultMessageTimeoutMs = 300_000;

    public ValidateOptionsResult Validate(string? name, PurchaseConsumerOptions options)
    {
        var configured = configuration.GetValue<int?>(MessageTimeoutKey);
        var messageTimeout = TimeSpan.FromMilliseconds(configured ?? DefaultMessageTimeoutMs);
        if (messageTimeout < options.WriteTimeout && messageTimeout < options.DrainTimeout)
        {
            return ValidateOptionsResult.Success;
        }

        var value = configured is null
            ? $"unset, so librdkafka's {DefaultMessageTimeoutMs.ToString(CultureInfo.InvariantCulture)} ms"
            : $"{configured.Value.ToString(CultureInfo.InvariantCulture)} ms";
        return ValidateOptionsResult.Fail(
            $"{MessageTimeoutKey} ({value}) must be shorter than {PurchaseConsumerOptions.SectionName}:{nameof(PurchaseConsumerOptions.WriteTimeout)} " +
            $"({options.WriteTimeout:c}) and {PurchaseConsumerOptions.SectionName}:{nameof(PurchaseConsumerOptions.DrainTimeout)} ({options.DrainTimeout:c}): " +
            "a dead-letter delivery is awaited until that timeout, and must fit in one write attempt and in the drain at shutdown.");
    }
}
