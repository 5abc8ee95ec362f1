using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuyList.ServiceDefaults.Kafka;

/// <summary>Bridges librdkafka's log and error callbacks to ILogger.</summary>
internal static partial class KafkaLogging
{
    public static LogLevel ToLogLevel(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    public static void Log(ILogger logger, LogMessage message) =>
        LibrdkafkaLog(logger, ToLogLevel(message.Level), message.Name, message.Facility, message.Message);

    /// <summary>
    /// Logs a client error. A fatal one (e.g. the idempotent producer's sequence broken) leaves the client unusable
    /// for good, so the host stops and its orchestrator restarts it, rather than answering 503 forever while healthy.
    /// </summary>
    public static void Error(ILogger logger, Error error, IHostApplicationLifetime lifetime)
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
