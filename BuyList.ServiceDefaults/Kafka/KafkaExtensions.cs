using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuyList.ServiceDefaults.Kafka;

/// <summary>
/// Registers Confluent.Kafka clients the way Aspire's client integration <c>Aspire.Confluent.Kafka</c> does, which is
/// not available here: bootstrap servers from <c>ConnectionStrings:{name}</c>, librdkafka settings from configuration,
/// logs to ILogger, a health check that reaches the broker. Spans are written by <see cref="KafkaTelemetry"/>.
/// DEVELOPERS.md says how to swap to the package.
/// </summary>
public static class KafkaExtensions
{
    /// <summary>
    /// Stands in for <c>Aspire.Confluent.Kafka</c>'s <c>AddKafkaProducer</c>: a singleton <see cref="IProducer{TKey,TValue}"/>. Defaults are the safe ones for a system of record:
    /// acks from all in-sync replicas and the idempotent producer (no duplicates or reordering on retry).
    /// </summary>
    public static IHostApplicationBuilder AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName)
    {
        var config = KafkaClientSettings.Configure(new ProducerConfig { Acks = Acks.All, EnableIdempotence = true },
            builder.Configuration, connectionName);

        builder.Services.AddSingleton(sp =>
        {
            var (log, error) = KafkaLogging.Handlers(sp, "BuyList.Kafka.Producer");
            return new ProducerBuilder<TKey, TValue>(config).SetLogHandler(log).SetErrorHandler(error).Build();
        });
        builder.AddKafkaHealthCheck(connectionName);
        return builder;
    }

    /// <summary>
    /// Stands in for <c>Aspire.Confluent.Kafka</c>'s <c>AddKafkaConsumer</c>, which registers one
    /// <see cref="IConsumer{TKey,TValue}"/>; this registers a <see cref="KafkaConsumerFactory"/> whose builders carry the configuration and logging; the
    /// consuming service adds its rebalance handlers and owns the consumer's lifetime (it is not thread-safe).
    /// Offsets are committed by the application only: auto commit and auto offset store are off.
    /// </summary>
    public static IHostApplicationBuilder AddKafkaConsumer(this IHostApplicationBuilder builder, string connectionName, string groupId)
    {
        var config = KafkaClientSettings.Configure(new ConsumerConfig
        {
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        }, builder.Configuration, connectionName);
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;

        builder.Services.AddSingleton(sp => new KafkaConsumerFactory(config, KafkaLogging.Handlers(sp, "BuyList.Kafka.Consumer")));
        builder.AddKafkaHealthCheck(connectionName);
        return builder;
    }

    /// <summary>An admin client for the same cluster (topic provisioning); Aspire's client integration has none.</summary>
    public static IHostApplicationBuilder AddKafkaAdminClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var config = KafkaClientSettings.Configure(new AdminClientConfig(), builder.Configuration, connectionName);
        builder.Services.TryAddSingleton(sp =>
        {
            var (log, error) = KafkaLogging.Handlers(sp, "BuyList.Kafka.Admin");
            return new AdminClientBuilder(config).SetLogHandler(log).SetErrorHandler(error).Build();
        });
        return builder;
    }

    private static void AddKafkaHealthCheck(this IHostApplicationBuilder builder, string connectionName)
    {
        // Producer and consumer of one connection share one check (and its admin client).
        var name = $"kafka-{connectionName}";
        if (builder.Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, name) && d.ServiceType == typeof(KafkaHealthCheck)))
        {
            return;
        }

        // The check's clients set their own socket timeout (KafkaHealthCheck.Timeout).
        var config = KafkaClientSettings.Configure(new AdminClientConfig(), builder.Configuration, connectionName);
        builder.Services.AddKeyedSingleton(name, (_, _) => KafkaHealthCheck.For(config));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(name,
            sp => sp.GetRequiredKeyedService<KafkaHealthCheck>(name), failureStatus: null, tags: ["kafka"]));
    }
}
