namespace BuyList.ServiceDefaults.Kafka;

/// <summary>Bridges librdkafka's log and error callbacks to ILogger.</summary>
internal static partial class KafkaLogging
{
    /// <summary>The log and error handlers of a client whose logs go to <paramref name="category"/>.</summary>
    public static (Action<IClient, LogMessage> Log, Action<IClient, Error> Error) Handlers(IServiceProvider services, string category)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        return ((_, message) => Log(logger, message), (_, error) => Error(logger, error, lifetime));
    }

    /// <summary>At the level Confluent.Kafka maps the syslog level to (emergency to critical: Critical; notice, info: Information).</summary>
    private static void Log(ILogger logger, LogMessage message) => LibrdkafkaLog(logger,
        (LogLevel)message.LevelAs(LogLevelType.MicrosoftExtensionsLogging), message.Name, message.Facility, message.Message);

    /// <summary>
    /// Logs a client error. A fatal one (e.g. the idempotent producer's sequence broken) leaves the client unusable
    /// for good, so the host stops and its orchestrator restarts it, rather than answering 503 forever while healthy.
    /// </summary>
    private static void Error(ILogger logger, Error error, IHostApplicationLifetime lifetime)
    {
        if (error.IsFatal)
        {
            FatalError(logger, error.Code, error.Reason);
            lifetime.StopApplication();
        }
        else
        {
            // librdkafka recovers from non-fatal errors (a broker down, a timeout) by itself.
            TransientError(logger, error.Code, error.Reason);
        }
    }

    [LoggerMessage(EventId = 1, Message = "librdkafka {Client} [{Facility}]: {Text}")]
    private static partial void LibrdkafkaLog(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "Kafka fatal error {Code}: {Reason}")]
    private static partial void FatalError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Kafka error {Code}: {Reason}")]
    private static partial void TransientError(ILogger logger, ErrorCode code, string reason);
}
