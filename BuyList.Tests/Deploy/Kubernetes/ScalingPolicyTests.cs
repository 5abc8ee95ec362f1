using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// What the autoscaling scales over: in every overlay no more consumers than partitions; the production example's
/// Kafka keeps accepting purchases with one broker away; the base's thresholds are deploy/README.md's arithmetic on
/// the measured capacity (docs/scaling.md).
/// </summary>
public sealed partial class ScalingPolicyTests
{
    private const string Production = "production";

    public static TheoryData<string> Overlays => [.. K8s.Overlays];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Management_never_has_more_consumers_than_the_topic_has_partitions(string overlay)
    {
        var objects = await K8s.ObjectsAsync(K8s.Overlay(overlay));
        var maxConsumers = objects.Single("ScaledObject", "management")["spec"]!["maxReplicaCount"]!.GetValue<int>();
        var management = Assert.Single(objects.Single("Deployment", "management").Containers()).Environment(objects);
        var kafka = KafkaEnvironment(objects);

        // Management creates the topic with Purchases__Partitions; Kafka creates it with its default should Facing
        // produce first. Either way it gets the same count, and a consumer for each partition at most.
        var partitions = int.Parse(management["Purchases__Partitions"], CultureInfo.InvariantCulture);
        Assert.Equal(partitions.ToString(CultureInfo.InvariantCulture), kafka["KAFKA_NUM_PARTITIONS"]);
        Assert.True(maxConsumers <= partitions, $"{overlay}: up to {maxConsumers} consumers for {partitions} partitions");
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
            Assert.Equal(row["threshold"].Value.Replace(",", "", StringComparison.Ordinal), Trigger(objects, app).Text("metadata", key));
        }
    }

    private static Dictionary<string, string> KafkaEnvironment(IReadOnlyList<JsonObject> objects) =>
        objects.Single("StatefulSet", "kafka").Containers().Single(c => c.Text("name") == "kafka").Environment(objects);

    private static JsonObject Trigger(IReadOnlyList<JsonObject> objects, string name) =>
        Assert.Single(K8s.Array(objects.Single("ScaledObject", name)["spec"]!["triggers"]));

    private static decimal Number(Group group) => decimal.Parse(group.Value, NumberStyles.Number, CultureInfo.InvariantCulture);

    // | facing `threshold` | 4,000 req/s | × 0.65 | | **2,600** |
    // | management `lagThreshold` | 8,000 events/s ... | × 0.65 | × 5 s | **26,000** |
    [GeneratedRegex(@"^\| (?<app>facing|management) `(?<key>\w+)` \| (?<capacity>[\d,]+) (req|events)/s [^|]*\| × (?<headroom>[\d.]+) \| (× (?<drain>[\d.]+) s )?[^|]*\| \*\*(?<threshold>[\d,]+)\*\* \|", RegexOptions.Multiline)]
    private static partial Regex CapacityRow();
}
