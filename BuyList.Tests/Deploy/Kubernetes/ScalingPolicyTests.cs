using BuyList.Management.Messaging;
using Microsoft.Extensions.Configuration;

namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// What the autoscaling scales over: in every overlay Management's scaler on the group and topic it consumes, with no
/// more consumers than partitions; the production example's Kafka keeps accepting purchases with one broker away; the
/// base's thresholds are deploy/README.md's arithmetic on the measured capacity (docs/scaling.md).
/// </summary>
public sealed partial class ScalingPolicyTests
{
    private const string Production = "production";

    public static TheoryData<string> Overlays => [.. K8s.Overlays];

    /// <summary>Merges "Management never has more consumers than the topic has partitions" (every overlay) with "its
    /// scaler reads the group and topic Management consumes" (the minikube overlay's test, now every overlay's).</summary>
    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Managements_scaler_reads_the_group_and_topic_it_consumes_and_never_outnumbers_the_partitions(string overlay)
    {
        var objects = await K8s.ObjectsAsync(K8s.Overlay(overlay));
        var purchases = ManagementPurchasesSettings();
        var management = Assert.Single(objects.Single("Deployment", "management").Containers()).Environment(objects);

        // What the pods run with (the ConfigMap overrides appsettings) is what Management is configured with; the
        // production example only has more partitions.
        Assert.Equal(purchases.Topic, management["Purchases__Topic"]);
        Assert.Equal(purchases.ConsumerGroup, management["Purchases__ConsumerGroup"]);
        var partitions = int.Parse(management["Purchases__Partitions"], CultureInfo.InvariantCulture);
        Assert.True(overlay == Production || partitions == purchases.Partitions, $"{overlay}: {partitions} partitions, appsettings {purchases.Partitions}");
        // Management creates the topic with Purchases__Partitions; Kafka creates it with its default should Facing
        // produce first. Either way it gets the same count, and a consumer for each partition at most.
        Assert.Equal(partitions.ToString(CultureInfo.InvariantCulture), KafkaEnvironment(objects)["KAFKA_NUM_PARTITIONS"]);

        var scaledObject = objects.Single("ScaledObject", "management");
        Assert.Equal("management", scaledObject.Text("spec", "scaleTargetRef", "name"));
        var trigger = objects.Trigger("management");
        Assert.Equal("kafka", trigger.Text("type"));
        Assert.Equal(purchases.ConsumerGroup, trigger.Text("metadata", "consumerGroup"));
        Assert.Equal(purchases.Topic, trigger.Text("metadata", "topic"));
        Assert.NotEqual("true", trigger.Text("metadata", "allowIdleConsumers"));
        Assert.Equal(1, scaledObject["spec"]!["minReplicaCount"]!.GetValue<int>());
        var maxConsumers = scaledObject["spec"]!["maxReplicaCount"]!.GetValue<int>();
        Assert.InRange(maxConsumers, 1, partitions);

        var lag = int.Parse(trigger.Text("metadata", "lagThreshold")!, CultureInfo.InvariantCulture);
        Assert.InRange(int.Parse(trigger.Text("metadata", "activationLagThreshold")!, CultureInfo.InvariantCulture), 0, lag - 1);

        // KEDA connects from its own namespace: the bootstrap address is the kafka Service's, fully qualified.
        Assert.Equal($"kafka.buylist.svc.cluster.local:{objects.Single("Service", "kafka").ServicePort("tcp")}", trigger.Text("metadata", "bootstrapServers"));

        // Scale-in slower than scale-out: a consumer leaving costs a rebalance.
        var behavior = scaledObject["spec"]!["advanced"]!["horizontalPodAutoscalerConfig"]!["behavior"]!;
        Assert.True(behavior["scaleDown"]!["stabilizationWindowSeconds"]!.GetValue<int>() >= 120);
        Assert.True(behavior["scaleDown"]!["stabilizationWindowSeconds"]!.GetValue<int>() > behavior["scaleUp"]!["stabilizationWindowSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_production_example_keeps_accepting_purchases_with_one_broker_away()
    {
        var objects = await K8s.ObjectsAsync(K8s.Overlay(Production));
        var brokers = objects.Single("StatefulSet", "kafka")["spec"]!["replicas"]!.GetValue<int>();
        var kafka = KafkaEnvironment(objects);

        // One voter per broker, each named as its pod (node id = ordinal + 1, as the start command derives it).
        Assert.Equal(
            Enumerable.Range(1, brokers).Select(n => $"{n}@kafka-{n - 1}.kafka-headless.buylist.svc.cluster.local:9093"),
            kafka["KAFKA_CONTROLLER_QUORUM_VOTERS"].Split(','));
        Assert.True(brokers >= 3, $"{brokers} KRaft voters lose their majority with one away");

        // acks=all waits for min.insync.replicas: below the replication factor, so one replica away still acknowledges.
        var spare = int.MaxValue;
        foreach (var (factor, minimum) in new[]
        {
            ("KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_MIN_INSYNC_REPLICAS"),
            ("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"),
            ("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR"),
        })
        {
            var replicas = int.Parse(kafka[factor], CultureInfo.InvariantCulture);
            var inSync = int.Parse(kafka[minimum], CultureInfo.InvariantCulture);
            Assert.True(replicas <= brokers, $"{factor}={replicas} with {brokers} brokers");
            Assert.True(inSync >= 2 && inSync < replicas, $"{minimum}={inSync} for {factor}={replicas}: a write must reach two, and not need all");
            spare = Math.Min(spare, replicas - inSync);
        }

        Assert.Equal(brokers.ToString(CultureInfo.InvariantCulture), kafka["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]);
        var pdb = objects.Single("PodDisruptionBudget", "kafka");
        Assert.InRange(pdb["spec"]!["maxUnavailable"]!.GetValue<int>(), 1, spare);
    }

    [Fact]
    public async Task The_base_thresholds_are_the_measured_capacity_at_the_documented_headroom()
    {
        // The production example changes no threshold: it renders the base's (the component's).
        var objects = await K8s.ObjectsAsync(K8s.Overlay(Production));
        var readme = await File.ReadAllTextAsync(Path.Combine(K8s.DeployDirectory, "README.md"), TestContext.Current.CancellationToken);
        var rows = CapacityRow().Matches(readme).ToDictionary(m => m.Groups["app"].Value, m => m.Groups);
        foreach (var (app, key) in new[] { ("facing", "threshold"), ("management", "lagThreshold") })
        {
            Assert.True(rows.TryGetValue(app, out var row) && row["key"].Value == key, $"deploy/README.md has no capacity row for {app} `{key}`");
            // Facing's threshold is a rate (no drain target); Management's a lag, cleared within the drain target.
            var drain = row["drain"].Success ? Number(row["drain"]) : 1;
            Assert.Equal(Math.Round(Number(row["capacity"]) * Number(row["headroom"]) * drain), Number(row["threshold"]));
            Assert.Equal(row["threshold"].Value.Replace(",", "", StringComparison.Ordinal), objects.Trigger(app).Text("metadata", key));
        }
    }

    private static Dictionary<string, string> KafkaEnvironment(IReadOnlyList<JsonObject> objects) =>
        objects.Single("StatefulSet", "kafka").Containers().Single(c => c.Text("name") == "kafka").Environment(objects);

    /// <summary>Management's <c>Purchases</c> options as its <c>appsettings.json</c> binds them (its defaults for a key it leaves out).</summary>
    private static PurchaseConsumerOptions ManagementPurchasesSettings() => new ConfigurationBuilder()
        .AddJsonFile(RepoPaths.Combine("BuyList.Management", "appsettings.json")).Build()
        .GetSection(PurchaseConsumerOptions.SectionName).Get<PurchaseConsumerOptions>() ?? new();

    private static decimal Number(Group group) => decimal.Parse(group.Value, NumberStyles.Number, CultureInfo.InvariantCulture);

    // | facing `threshold` | 4,000 req/s | × 0.65 | | **2,600** |
    // | management `lagThreshold` | 8,000 events/s ... | × 0.65 | × 5 s | **26,000** |
    [GeneratedRegex(@"^\| (?<app>facing|management) `(?<key>\w+)` \| (?<capacity>[\d,]+) (req|events)/s [^|]*\| × (?<headroom>[\d.]+) \| (× (?<drain>[\d.]+) s )?[^|]*\| \*\*(?<threshold>[\d,]+)\*\* \|", RegexOptions.Multiline)]
    private static partial Regex CapacityRow();
}
