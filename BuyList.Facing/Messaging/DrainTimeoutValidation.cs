namespace BuyList.Facing.Messaging;

/// <summary>
/// A purchase in flight at SIGTERM must get its answer (201 or 503) before the host gives up on it, and the producer
/// answers within <c>message.timeout.ms</c> at the latest: the drain time has to be longer.
/// </summary>
public sealed class DrainTimeoutValidation(IConfiguration configuration) : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        var messageTimeout = KafkaClientSettings.MessageTimeout(configuration);
        return options.DrainTimeout > messageTimeout
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{ShutdownOptions.SectionName}:{nameof(ShutdownOptions.DrainTimeout)} ({options.DrainTimeout:c}) must be longer than " +
                $"{KafkaClientSettings.MessageTimeoutKey} ({messageTimeout:c}): a purchase in flight at shutdown would be cut off without an answer.");
    }
}
