using BuyList.ServiceDefaults.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuyList.AppHost.Hosting;

/// <summary>
/// Kafka for the AppHost, standing in for Aspire's hosting integration <c>Aspire.Hosting.Kafka</c> (not available
/// here; same method names): a KRaft single-node broker with a host listener and a container-network listener, and a
/// health check that asks the broker for metadata. DEVELOPERS.md says how to swap to the package.
/// </summary>
public static class KafkaHostingExtensions
{
    // Constants, each <X>Image with its <X>Tag, because deploy/images.sh reads them from this file.
    public const string Image = "apache/kafka";
    public const string Tag = "4.1.0";
    public const string UiImage = "provectuslabs/kafka-ui";
    public const string UiTag = "v0.7.2";

    // Written from the resource's port numbers so the listeners and the endpoints cannot disagree.
    private static readonly string s_internalPort = KafkaServerResource.InternalPort.ToString(CultureInfo.InvariantCulture);
    private static readonly string s_controllerQuorumVoters = string.Create(CultureInfo.InvariantCulture, $"1@localhost:{KafkaServerResource.ControllerPort}");
    private static readonly string s_listeners = string.Create(CultureInfo.InvariantCulture,
        $"PLAINTEXT://0.0.0.0:{KafkaServerResource.PrimaryPort},CONTROLLER://0.0.0.0:{KafkaServerResource.ControllerPort},PLAINTEXT_INTERNAL://0.0.0.0:{KafkaServerResource.InternalPort}");

    /// <summary>
    /// A single-node Kafka container whose connection string is the host listener's bootstrap servers. Stands in for
    /// <c>AddKafka</c> of <c>Aspire.Hosting.Kafka</c>.
    /// </summary>
    public static IResourceBuilder<KafkaServerResource> AddKafka(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var kafka = new KafkaServerResource(name);
        return builder.AddResource(kafka)
            .WithImage(Image, Tag)
            .WithImageRegistry("docker.io")
            .WithEndpoint(targetPort: KafkaServerResource.PrimaryPort, port: port, name: KafkaServerResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: KafkaServerResource.InternalPort, name: KafkaServerResource.InternalEndpointName)
            .WithEnvironment("KAFKA_NODE_ID", "1")
            .WithEnvironment("KAFKA_PROCESS_ROLES", "broker,controller")
            .WithEnvironment("KAFKA_CONTROLLER_QUORUM_VOTERS", s_controllerQuorumVoters)
            .WithEnvironment("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
            .WithEnvironment("KAFKA_LISTENERS", s_listeners)
            .WithEnvironment("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT")
            .WithEnvironment("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT_INTERNAL")
            // Run: host clients must be told the host port Aspire allocated; containers use the internal listener.
            // Published: every client runs beside the broker and reaches it by the resource's host and port, as
            // Aspire.Hosting.Kafka advertises them (a pod told "localhost" would look for the broker in itself).
            .WithEnvironment(context => context.EnvironmentVariables["KAFKA_ADVERTISED_LISTENERS"] = context.ExecutionContext.IsPublishMode
                ? ReferenceExpression.Create(
                    $"PLAINTEXT://{kafka.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},PLAINTEXT_INTERNAL://{kafka.InternalEndpoint.Property(EndpointProperty.HostAndPort)}")
                : ReferenceExpression.Create(
                    $"PLAINTEXT://localhost:{kafka.PrimaryEndpoint.Property(EndpointProperty.Port)},PLAINTEXT_INTERNAL://{name}:{s_internalPort}"))
            // One broker: internal topics cannot be replicated.
            .WithEnvironment("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
            .WithEnvironment("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .WithEnvironment("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
            .WithEnvironment("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .WithEnvironment("KAFKA_LOG_DIRS", "/var/lib/kafka/data")
            .WithKafkaHealthCheck();
    }

    /// <summary>
    /// Healthy once a broker answers a metadata request; for a broker started here and for an existing one
    /// (<c>AddConnectionString</c>), so that <c>WaitFor</c> really waits for Kafka.
    /// </summary>
    public static IResourceBuilder<T> WithKafkaHealthCheck<T>(this IResourceBuilder<T> builder) where T : IResourceWithConnectionString =>
        builder.WithConnectionHealthCheck("kafka", KafkaHealthCheck.ForConnectionString);

    /// <summary>A health check of the server the resource's connection string names, made from that string when asked.</summary>
    internal static IResourceBuilder<T> WithConnectionHealthCheck<T>(this IResourceBuilder<T> builder, string kind,
        Func<Func<CancellationToken, ValueTask<string?>>, IHealthCheck> create) where T : IResourceWithConnectionString
    {
        var key = $"{builder.Resource.Name}_{kind}_check";
        var check = create(builder.Resource.GetConnectionStringAsync);
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new(key, _ => check, failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }

    /// <summary>Keeps the broker's log (messages and committed offsets) across restarts. Stands in for <c>Aspire.Hosting.Kafka</c>'s.</summary>
    public static IResourceBuilder<KafkaServerResource> WithDataVolume(this IResourceBuilder<KafkaServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? $"buylist-{builder.Resource.Name}-data", "/var/lib/kafka/data");

    /// <summary>Adds Kafka UI, pointed at the broker's container-network listener. Stands in for <c>Aspire.Hosting.Kafka</c>'s.</summary>
    public static IResourceBuilder<KafkaServerResource> WithKafkaUI(this IResourceBuilder<KafkaServerResource> builder)
    {
        var kafka = builder.Resource;
        builder.ApplicationBuilder.AddContainer($"{kafka.Name}-ui", UiImage, UiTag)
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(targetPort: 8080, name: "http")
            .WithEnvironment("KAFKA_CLUSTERS_0_NAME", kafka.Name)
            .WithEnvironment("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS", $"{kafka.Name}:{s_internalPort}")
            .WaitFor(builder)
            .WithParentRelationship(builder);
        return builder;
    }
}
