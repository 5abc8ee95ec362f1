using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuyList.ServiceDefaults.Kafka;

/// <summary>Creates consumer builders (string keys, raw values) with the bound configuration and ILogger-bridged logging.</summary>
public sealed class KafkaConsumerFactory(ConsumerConfig config, ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime)
{
    public string GroupId => config.GroupId;

    /// <param name="groupId">Another consumer group than the service's, for a reader that must not join its group.</param>
    public ConsumerBuilder<string, byte[]> CreateBuilder(string? groupId = null)
    {
        var logger = loggerFactory.CreateLogger("BuyList.Kafka.Consumer");
        return new ConsumerBuilder<string, byte[]>(groupId is null ? config : new ConsumerConfig(config.ToDictionary()) { GroupId = groupId })
            .SetLogHandler((_, message) => KafkaLogging.Log(logger, message))
            .SetErrorHandler((_, error) => KafkaLogging.Error(logger, error, lifetime));
    }
}
