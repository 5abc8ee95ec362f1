using BuyList.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace BuyList.Tests.Unit.ServiceDefaults;

/// <summary>How Kafka clients are configured from ConnectionStrings and the Kafka:* sections.</summary>
public sealed class KafkaClientSettingsTests
{
    /// <summary>A broker's connection string, then <paramref name="values"/> (which may replace it).</summary>
    private static IConfiguration Configuration(params (string Key, string? Value)[] values) => new ConfigurationBuilder()
        .AddInMemoryCollection([KeyValuePair.Create("ConnectionStrings:kafka", (string?)"localhost:9092")])
        .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    /// <summary>Merged with the test that the producer's message timeout the start-up checks use is the one bound, else librdkafka's five minutes.</summary>
    [Fact]
    public void Shared_client_settings_reach_every_client_specific_sections_override_them_and_the_start_up_checks_read_the_bound_message_timeout()
    {
        var configuration = Configuration(
            ("ConnectionStrings:kafka", "broker-1:9092, broker-2:9092"),
            ("Kafka:Client:SecurityProtocol", "SaslSsl"),
            ("Kafka:Client:SaslMechanism", "Plain"),
            ("Kafka:Client:SocketTimeoutMs", "5000"),
            ("Kafka:Producer:SocketTimeoutMs", "7000"),
            ("Kafka:Producer:MessageTimeoutMs", "10000"));

        var producer = KafkaClientSettings.Configure(new ProducerConfig(), configuration, "kafka");
        var admin = KafkaClientSettings.Configure(new AdminClientConfig(), configuration, "kafka");

        Assert.Equal("broker-1:9092,broker-2:9092", producer.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslSsl, producer.SecurityProtocol);
        Assert.Equal(7000, producer.SocketTimeoutMs);
        Assert.Equal(10000, producer.MessageTimeoutMs);
        Assert.Equal(SecurityProtocol.SaslSsl, admin.SecurityProtocol);
        Assert.Equal(SaslMechanism.Plain, admin.SaslMechanism);
        Assert.Equal(5000, admin.SocketTimeoutMs);
        Assert.Equal(TimeSpan.FromMilliseconds(producer.MessageTimeoutMs!.Value), KafkaClientSettings.MessageTimeout(configuration));
        Assert.Equal(TimeSpan.FromMinutes(5), KafkaClientSettings.MessageTimeout(Configuration()));
    }

    [Fact]
    public void Every_property_of_the_producer_and_consumer_configs_can_be_set_from_configuration()
    {
        // The binding is written for the property types Confluent's configs have; a new one would fail here, not at a start.
        static (string Key, string? Value)[] Settings(string section, Type config) => config.GetProperties()
            .Where(p => p.CanWrite && p.Name != nameof(ClientConfig.BootstrapServers))
            .Select(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) switch
            {
                var t when t.IsEnum => ($"{section}:{p.Name}", (string?)Enum.GetNames(t)[^1]),
                var t when t == typeof(bool) => ($"{section}:{p.Name}", "true"),
                var t when t == typeof(string) => ($"{section}:{p.Name}", "x"),
                _ => ($"{section}:{p.Name}", "7"),
            })
            .ToArray();

        var producer = KafkaClientSettings.Configure(new ProducerConfig(), Configuration(Settings(KafkaClientSettings.ProducerSection, typeof(ProducerConfig))), "kafka");
        var consumer = KafkaClientSettings.Configure(new ConsumerConfig(), Configuration(Settings(KafkaClientSettings.ConsumerSection, typeof(ConsumerConfig))), "kafka");

        Assert.Equal(7, producer.LingerMs);
        Assert.Equal(7, consumer.SessionTimeoutMs);
        Assert.Equal(true, consumer.EnablePartitionEof);
    }

    /// <summary>Merges "a misspelt setting is an error, not silently ignored", "a value that does not convert names the
    /// setting" and "a missing or malformed connection string names the setting".</summary>
    [Theory]
    [InlineData("Kafka:Producer:MessageTimeoutMilliseconds", "10000")]
    [InlineData("Kafka:Producer:LingerMs", "soon")]
    [InlineData("ConnectionStrings:kafka", null)]
    [InlineData("ConnectionStrings:kafka", "")]
    [InlineData("ConnectionStrings:kafka", "localhost")]
    [InlineData("ConnectionStrings:kafka", "localhost:0")]
    [InlineData("ConnectionStrings:kafka", "localhost:9092,:9093")]
    [InlineData("ConnectionStrings:kafka", "localhost:port")]
    public void A_misspelt_setting_a_value_that_does_not_convert_or_a_missing_or_malformed_connection_string_is_an_error_naming_the_setting(
        string key, string? value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => KafkaClientSettings.Configure(new ProducerConfig(), Configuration((key, value)), "kafka"));

        Assert.Contains(key, error.Message);
    }
}
