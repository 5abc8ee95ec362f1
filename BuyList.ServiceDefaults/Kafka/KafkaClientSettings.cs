using Confluent.Kafka;

namespace BuyList.ServiceDefaults.Kafka;

/// <summary>
/// librdkafka settings bound from <c>Kafka:Producer</c> / <c>Kafka:Consumer</c> (any property of
/// <see cref="ProducerConfig"/> / <see cref="ConsumerConfig"/>, e.g. <c>Kafka:Producer:MessageTimeoutMs</c>);
/// the bootstrap servers come from <c>ConnectionStrings:{name}</c>.
/// </summary>
public static class KafkaClientSettings
{
    public const string ProducerSection = "Kafka:Producer";
    public const string ConsumerSection = "Kafka:Consumer";

    /// <summary>Validates a connection string of the form <c>host:port[,host:port]</c>.</summary>
    public static string BootstrapServers(string? connectionString, string connectionName)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Kafka connection string 'ConnectionStrings:{connectionName}' is missing. Set it to the bootstrap servers, e.g. localhost:9092.");
        }

        var servers = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var server in servers)
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server[(colon + 1)..], out var port) || port is < 1 or > 65535)
            {
                throw new InvalidOperationException(
                    $"Kafka connection string 'ConnectionStrings:{connectionName}' must be host:port[,host:port]; '{server}' is not.");
            }
        }

        return string.Join(',', servers);
    }
}
