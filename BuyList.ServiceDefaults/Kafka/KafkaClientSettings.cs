using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace BuyList.ServiceDefaults.Kafka;

/// <summary>
/// librdkafka settings: <c>Kafka:Client</c> for every client of the cluster (security: <c>SecurityProtocol</c>,
/// <c>SaslMechanism</c>, <c>SaslUsername</c>, ...), then <c>Kafka:Producer</c> / <c>Kafka:Consumer</c> (any property
/// of <see cref="ProducerConfig"/> / <see cref="ConsumerConfig"/>, e.g. <c>Kafka:Producer:MessageTimeoutMs</c>);
/// the bootstrap servers come from <c>ConnectionStrings:{name}</c>.
/// </summary>
public static class KafkaClientSettings
{
    public const string ClientSection = "Kafka:Client";
    public const string ProducerSection = "Kafka:Producer";
    public const string ConsumerSection = "Kafka:Consumer";
    public const string MessageTimeoutKey = ProducerSection + ":" + nameof(ProducerConfig.MessageTimeoutMs);

    /// <summary>librdkafka's <c>message.timeout.ms</c> when none is configured: 5 minutes.</summary>
    public const int DefaultMessageTimeoutMs = 300_000;

    /// <summary>
    /// The producer's effective <c>message.timeout.ms</c>: the latest a delivery report comes. The timeout chain in
    /// DEVELOPERS.md says which settings must outlast it.
    /// </summary>
    public static TimeSpan MessageTimeout(IConfiguration configuration) =>
        TimeSpan.FromMilliseconds(configuration.GetValue<int?>(MessageTimeoutKey) ?? DefaultMessageTimeoutMs);

    /// <summary>
    /// Binds the shared and the client-specific sections (unknown keys are errors, not silently ignored) and sets
    /// the bootstrap servers from the connection string.
    /// </summary>
    public static T Configure<T>(T config, IConfiguration configuration, string connectionName, string? section = null) where T : ClientConfig
    {
        configuration.GetSection(ClientSection).Bind(config, options => options.ErrorOnUnknownConfiguration = true);
        if (section is not null)
        {
            configuration.GetSection(section).Bind(config, options => options.ErrorOnUnknownConfiguration = true);
        }

        config.BootstrapServers = BootstrapServers(configuration.GetConnectionString(connectionName), connectionName);
        return config;
    }

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
