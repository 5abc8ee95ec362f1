namespace BuyList.AppHost.Hosting;

/// <summary>The AppHost's own log events, numbered in one place: the infrastructure's mode (1xx), embedded Kafka (2xx), embedded MongoDB (3xx).</summary>
internal static partial class AppHostLog
{
    /// <summary>The category of what concerns the infrastructure as a whole, not one resource's log.</summary>
    public const string InfrastructureCategory = "BuyList.AppHost.Infrastructure";

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Kafka and MongoDB run embedded ({Reason}): librdkafka's mock cluster and the MongoDB emulator, in memory; they lose their data when the AppHost stops. Docker with Infrastructure:Mode=Auto or Containers runs the real servers")]
    public static partial void Embedded(ILogger logger, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Kafka and MongoDB run in containers ({Reason})")]
    public static partial void Containers(ILogger logger, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partition(s)")]
    public static partial void TopicCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information,
        Message = "librdkafka's mock cluster listens on {BootstrapServers}: a Kafka-protocol broker inside the AppHost, in memory, gone when the AppHost stops")]
    public static partial void Started(ILogger logger, string bootstrapServers);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "The embedded Kafka did not start")]
    public static partial void FailedToStart(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "{Reason}")]
    public static partial void Unavailable(ILogger logger, string reason);
}
