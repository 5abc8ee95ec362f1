using BuyList.ServiceDefaults.Hosting;
using BuyList.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;

namespace BuyList.Facing.Messaging;

/// <summary>
/// A purchase in flight at SIGTERM must get its answer (201 or 503) before the host gives up on it, and the producer
/// answers within <c>message.timeout.ms</c> at the latest: the drain time has to be longer.
/// </summary>
public sealed class DrainTimeoutValidation(IConfiguration configuration) : IValidateOptions<ShutdownOptions>
{
    /// <summary>librdkafka's default <c>message.timeout.ms</c>.</summary>
    private const int DefaultMessageTimeoutMs = 300_000;

    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        var messageTimeout = TimeSpan.FromMilliseconds(
            configuration.GetValue<int?>($"{KafkaClientSettings.ProducerSection}:MessageTimeoutMs") ?? DefaultMessageTimeoutMs);
        return options.DrainTimeout > messageTimeout
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ShutdownOptions.SectionName}:{nameof(ShutdownOptions.DrainTimeout)} ({options.DrainTimeout:c}) must be longer than " +
                $"{KafkaClientSettings.ProducerSection}:MessageTimeoutMs ({messageTimeout:c}): a purchase in flight at shutdown would be cut off without an answer.");
    }
}
