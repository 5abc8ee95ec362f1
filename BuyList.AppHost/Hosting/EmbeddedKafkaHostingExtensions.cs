using BuyList.Contracts;

namespace BuyList.AppHost.Hosting;

/// <summary>
/// The embedded Kafka of <c>Infrastructure:Mode=Embedded</c>: the tests' mock cluster as a resource that starts with the
/// AppHost and creates the purchase topics itself (the mock has no CreateTopics, so Management cannot).
/// </summary>
public static class EmbeddedKafkaHostingExtensions
{
    public const string ResourceType = "Kafka (embedded mock)";

    /// <summary>The dashboard property that says what runs and why.</summary>
    public const string InfrastructureProperty = "buylist.infrastructure";

    public static IResourceBuilder<IResourceWithConnectionString> AddEmbeddedKafka(this IDistributedApplicationBuilder builder, string name)
    {
        // Made by the AppHost's services when the app starts, so disposed with them.
        builder.Services.AddKeyedSingleton(name, (_, _) => new KafkaMockCluster());
        return builder.AddResource(new EmbeddedKafkaResource(name, PurchaseTopics()))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = ResourceType,
                State = KnownResourceStates.NotStarted,
                Properties = [builder.EmbeddedProperty()],
            })
            .OnInitializeResource(StartAsync)
            .WithKafkaHealthCheck();
    }

    /// <summary>The <see cref="InfrastructureProperty"/> of an embedded server: in memory, and why it runs.</summary>
    internal static ResourcePropertySnapshot EmbeddedProperty(this IDistributedApplicationBuilder builder) =>
        new(InfrastructureProperty, $"Embedded, in memory ({builder.Infrastructure().Reason})");

    private static async Task StartAsync(EmbeddedKafkaResource kafka, InitializeResourceEvent e, CancellationToken cancellationToken)
    {
        await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(kafka, e.Services), cancellationToken);
        await e.Notifications.PublishUpdateAsync(kafka, s => s with { State = KnownResourceStates.Starting });
        try
        {
            var cluster = e.Services.GetRequiredKeyedService<KafkaMockCluster>(kafka.Name);
            foreach (var (topic, partitions) in kafka.Topics)
            {
                cluster.CreateTopic(topic, partitions);
                AppHostLog.TopicCreated(e.Logger, topic, partitions);
            }

            kafka.Started(cluster.BootstrapServers);
            AppHostLog.Started(e.Logger, cluster.BootstrapServers);
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
            AppHostLog.FailedToStart(e.Logger, ex);
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
}
