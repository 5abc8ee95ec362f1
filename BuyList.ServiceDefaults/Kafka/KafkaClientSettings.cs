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
    /// Binds the shared section and sets the bootstrap servers from the connection string: an admin client's
    /// settings, and the first step of a producer's or consumer's.
    /// </summary>
    public static T Configure<T>(T config, IConfiguration configuration, string connectionName) where T : ClientConfig
    {
        Bind<ClientConfig>(config, configuration.GetSection(ClientSection));
        config.BootstrapServers = BootstrapServers(configuration.GetConnectionString(connectionName), connectionName);
        return config;
    }

    /// <summary>The shared section, then <see cref="ProducerSection"/>; see <see cref="Configure{T}"/>.</summary>
    public static ProducerConfig Configure(ProducerConfig config, IConfiguration configuration, string connectionName) =>
        Bind(Configure<ProducerConfig>(config, configuration, connectionName), configuration.GetSection(ProducerSection));

    /// <summary>The shared section, then <see cref="ConsumerSection"/>; see <see cref="Configure{T}"/>.</summary>
    public static ConsumerConfig Configure(ConsumerConfig config, IConfiguration configuration, string connectionName) =>
        Bind(Configure<ConsumerConfig>(config, configuration, connectionName), configuration.GetSection(ConsumerSection));

    /// <summary>Validates a connection string of the form <c>host:port[,host:port]</c>.</summary>
    public static string BootstrapServers(string? connectionString, string connectionName)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Kafka connection string 'ConnectionStrings:{connectionName}' is missing. Set it to the bootstrap servers, e.g. localhost:9092.");
        }

        var servers = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (servers.FirstOrDefault(server => !IsHostAndPort(server)) is { } invalid)
        {
            throw new InvalidOperationException(
                $"Kafka connection string 'ConnectionStrings:{connectionName}' must be host:port[,host:port]; '{invalid}' is not.");
        }

        return string.Join(',', servers);
    }

    private static bool IsHostAndPort(string server) =>
        server.LastIndexOf(':') is > 0 and var colon && int.TryParse(server[(colon + 1)..], out var port) && port is >= 1 and <= 65535;

    /// <summary>
    /// Sets the properties of <typeparamref name="T"/> that the section names and returns <paramref name="config"/>; a
    /// key that is not one is an error, not silently ignored. ConfigurationBinder does the same by reflection over any
    /// type, which trimming breaks, and its source generator cannot bind Confluent's configs (they are enumerable); the
    /// annotation keeps these properties.
    /// </summary>
    private static T Bind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(T config, IConfigurationSection section)
        where T : ClientConfig
    {
        foreach (var setting in section.GetChildren())
        {
            var property = Array.Find(typeof(T).GetProperties(), p => string.Equals(p.Name, setting.Key, StringComparison.OrdinalIgnoreCase));
            if (property is not { CanWrite: true } || setting.GetChildren().Any())
            {
                throw new InvalidOperationException($"'{setting.Path}' is not a setting of Confluent.Kafka's {typeof(T).Name}: check its spelling.");
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            try
            {
                property.SetValue(config, string.IsNullOrEmpty(setting.Value) && type != typeof(string) ? null
                    : type.IsEnum ? Enum.Parse(type, setting.Value!, ignoreCase: true)
                    : Convert.ChangeType(setting.Value, type, CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or InvalidCastException)
            {
                throw new InvalidOperationException($"'{setting.Path}' is not a valid {type.Name}: '{setting.Value}'.", e);
            }
        }

        return config;
    }
}
