using BuyList.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers Confluent.Kafka clients the way Aspire's Kafka integration does: bootstrap servers from
/// <c>ConnectionStrings:{name}</c>, librdkafka settings from configuration, logs to ILogger, a health check
/// that reaches the broker. Spans are written by <see cref="KafkaTelemetry"/>.
/// </summary>
public static class KafkaExtensions
{
    /// <summary>
    /// A singleton <see cref="IProducer{TKey,TValue}"/>. Defaults are the safe ones for a system of record:
    /// acks from all in-sync replicas and the idempotent producer (no duplicates or reordering on retry).
    /// </summary>
    public static IHostApplicationBuilder AddKafkaProducer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName)
    {
        var config = new ProducerConfig { Acks = Acks.All, EnableIdempotence = true };
        builder.Configuration.GetSection(KafkaClientSettings.ProducerSection).Bind(config);
        config.BootstrapServers = KafkaClientSettings.BootstrapServers(builder.Configuration.GetConnectionString(connectionName), connectionName);

        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("BuyList.Kafka.Producer");
            return new ProducerBuilder<TKey, TValue>(config)
                .SetLogHandler((_, message) => KafkaLogging.Log(logger, message))
                .SetErrorHandler((_, error) => KafkaLogging.Error(logger, error))
                .Build();
        });
        builder.AddKafkaHealthCheck(connectionName, config.BootstrapServers);
        return builder;
    }

    /// <summary>
    /// A <see cref="KafkaConsumerFactory{TKey,TValue}"/> whose builders carry the configuration and logging; the
    /// consuming service adds its rebalance handlers and owns the consumer's lifetime (it is not thread-safe).
    /// Offsets are committed by the application only: auto commit and auto offset store are off.
    /// </summary>
    public static IHostApplicationBuilder AddKafkaConsumer<TKey, TValue>(this IHostApplicationBuilder builder, string connectionName, string groupId)
    {
        var config = new ConsumerConfig
        {
            GroupId = groupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        };
        builder.Configuration.GetSection(KafkaClientSettings.ConsumerSection).Bind(config);
        config.BootstrapServers = KafkaClientSettings.BootstrapServers(builder.Configuration.GetConnectionString(connectionName), connectionName);
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;

        builder.Services.AddSingleton(sp => new KafkaConsumerFactory<TKey, TValue>(config, sp.GetRequiredService<ILoggerFactory>()));
        builder.AddKafkaHealthCheck(connectionName, config.BootstrapServers);
        return builder;
    }

    /// <summary>An admin client for the same cluster (topic provisioning, watermarks).</summary>
    public static IHostApplicationBuilder AddKafkaAdminClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var bootstrapServers = KafkaClientSettings.BootstrapServers(builder.Configuration.GetConnectionString(connectionName), connectionName);
        builder.Services.TryAddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("BuyList.Kafka.Admin");
            return new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers })
                .SetLogHandler((_, message) => KafkaLogging.Log(logger, message))
                .SetErrorHandler((_, error) => KafkaLogging.Error(logger, error))
                .Build();
        });
        return builder;
    }

    private static void AddKafkaHealthCheck(this IHostApplicationBuilder builder, string connectionName, string bootstrapServers)
    {
        // Producer and consumer of one connection share one check (and its admin client).
        var name = $"kafka-{connectionName}";
        if (builder.Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, name) && d.ServiceType == typeof(KafkaHealthCheck)))
        {
            return;
        }

        builder.Services.AddKeyedSingleton(name, (_, _) => new KafkaHealthCheck(bootstrapServers));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(name,
            sp => sp.GetRequiredKeyedService<KafkaHealthCheck>(name), failureStatus: null, tags: ["kafka"]));
    }
}
