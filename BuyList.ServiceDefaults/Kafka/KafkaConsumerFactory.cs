namespace BuyList.ServiceDefaults.Kafka;

/// <summary>Creates consumer builders (string keys, raw values) with the bound configuration and ILogger-bridged logging.</summary>
/// <param name="config">The bound consumer configuration of the service's group.</param>
/// <param name="logging">The consumers' librdkafka log and error handlers (<c>KafkaLogging.Handlers</c>).</param>
public sealed class KafkaConsumerFactory(ConsumerConfig config, (Action<IClient, LogMessage> Log, Action<IClient, Error> Error) logging)
{
    public string GroupId => config.GroupId;

    /// <param name="groupId">Another consumer group than the service's, for a reader that must not join its group.</param>
    public ConsumerBuilder<string, byte[]> CreateBuilder(string? groupId = null) =>
        new ConsumerBuilder<string, byte[]>(groupId is null ? config : new ConsumerConfig(config.ToDictionary()) { GroupId = groupId })
            .SetLogHandler(logging.Log)
            .SetErrorHandler(logging.Error);
}
