using System.Globalization;
using BuyList.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuyList.AppHost.Hosting;

/// <summary>
/// The embedded Kafka of <c>Infrastructure:Mode=Embedded</c>: the mock cluster the tests use, as a resource that
/// starts with the AppHost, creates the purchase topics (the mock has no CreateTopics, so Management cannot), shows
/// its bootstrap address in the dashboard, is healthy by the same metadata check as the container, and is disposed
/// with the AppHost.
/// </summary>
public static partial class EmbeddedKafkaHostingExtensions
{
    public const string ResourceType = "Kafka (embedded mock)";

    /// <summary>The dashboard property that says what runs and why.</summary>
    public const string InfrastructureProperty = "buylist.infrastructure";

    public static IResourceBuilder<IResourceWithConnectionString> AddEmbeddedKafka(this IDistributedApplicationBuilder builder, string name)
    {
        builder.Services.AddSingleton<EmbeddedKafkaClusters>();
        var reason = builder.Infrastructure().Reason;
        var kafka = builder.AddResource(new EmbeddedKafkaResource(name, PurchaseTopics()))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = ResourceType,
                State = KnownResourceStates.NotStarted,
                Properties = [new(InfrastructureProperty, $"Embedded, in memory ({reason})")],
            })
            .OnInitializeResource(StartAsync)
            .WithKafkaHealthCheck();
        return (IResourceBuilder<IResourceWithConnectionString>)kafka;
    }

    private static async Task StartAsync(EmbeddedKafkaResource kafka, InitializeResourceEvent e, CancellationToken cancellationToken)
    {
        await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(kafka, e.Services), cancellationToken);
        await e.Notifications.PublishUpdateAsync(kafka, s => s with { State = KnownResourceStates.Starting });
        try
        {
            var cluster = e.Services.GetRequiredService<EmbeddedKafkaClusters>().Start();
            foreach (var (topic, partitions) in kafka.Topics)
            {
                cluster.CreateTopic(topic, partitions);
                Log.TopicCreated(e.Logger, topic, partitions);
            }

            kafka.Started(cluster.BootstrapServers);
            Log.Started(e.Logger, cluster.BootstrapServers);
            await e.Notifications.PublishUpdateAsync(kafka, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                Urls = [new("tcp", $"tcp://{cluster.BootstrapServers}", IsInternal: false) { DisplayProperties = new("bootstrap (mock cluster, in memory)") }],
            });
            await e.Eventing.PublishAsync(new ConnectionStringAvailableEvent(kafka, e.Services), cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or DllNotFoundException)
        {
            kafka.Failed(ex);
            Log.FailedToStart(e.Logger, ex);
            await e.Notifications.PublishUpdateAsync(kafka, s => s with { State = KnownResourceStates.FailedToStart });
        }
    }

    /// <summary>
    /// The topics Management provisions, with their partitions, read from the configuration Management ships
    /// (its appsettings.json: <c>Purchases:Topic</c>, <c>Purchases:Partitions</c>, <c>Purchases:DeadLetterTopic</c>).
    /// </summary>
    private static Dictionary<string, int> PurchaseTopics()
    {
        var file = Path.Combine(Path.GetDirectoryName(new Projects.BuyList_Management().ProjectPath)!, "appsettings.json");
        var purchases = new ConfigurationBuilder().AddJsonFile(file, optional: false).Build().GetRequiredSection("Purchases");
        string Setting(string key) => purchases[key]
            ?? throw new InvalidOperationException($"{file} has no Purchases:{key}: the embedded Kafka creates the topics Management is configured with.");
        return new()
        {
            [Setting("Topic")] = int.Parse(Setting("Partitions"), CultureInfo.InvariantCulture),
            [Setting("DeadLetterTopic")] = PurchaseMessaging.DeadLetterPartitions,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partition(s)")]
        public static partial void TopicCreated(ILogger logger, string topic, int partitions);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information,
            Message = "librdkafka's mock cluster listens on {BootstrapServers}: a Kafka-protocol broker inside the AppHost, in memory, gone when the AppHost stops")]
        public static partial void Started(ILogger logger, string bootstrapServers);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The embedded Kafka did not start")]
        public static partial void FailedToStart(ILogger logger, Exception exception);
    }
}

/// <summary>The mock clusters of the app's embedded Kafka resources, disposed with the AppHost's services.</summary>
internal sealed class EmbeddedKafkaClusters : IDisposable
{
    private readonly List<KafkaMockCluster> _clusters = [];

    public KafkaMockCluster Start()
    {
        var cluster = new KafkaMockCluster();
        lock (_clusters)
        {
            _clusters.Add(cluster);
        }

        return cluster;
    }

    public void Dispose()
    {
        lock (_clusters)
        {
            _clusters.ForEach(c => c.Dispose());
            _clusters.Clear();
        }
    }
}
