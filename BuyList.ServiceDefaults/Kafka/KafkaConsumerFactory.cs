using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuyList.ServiceDefaults.Kafka;

/// <summary>Creates consumer builders (string keys, raw values) with the bound configuration and ILogger-bridged logging.</summary>
public sealed class KafkaConsumerFactory(ConsumerConfig config, ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime)
{
    public string GroupId => config.GroupId;

    public ConsumerBuilder<string, byte[]> CreateBuilder()
    {
        var logger = loggerFactory.CreateLogger("BuyList.Kafka.Consumer");
        return new ConsumerBuilder<string, byte[]>(config)
            .SetLogHandler((_, message) => KafkaLogging.Log(logger, message))
            .SetErrorHandler((_, error) => KafkaLogging.Error(logger, error, lifetime));
    }
}
