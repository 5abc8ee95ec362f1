using BuyList.Contracts;
using Confluent.Kafka;

namespace BuyList.Tests.Infrastructure;

/// <summary>Producing to and inspecting the mock cluster the way an operator would, from outside the service.</summary>
internal static class KafkaTestKit
{
    public const string Group = PurchaseMessaging.ConsumerGroup;

    /// <summary>The smallest session a real broker allows (group.min.session.timeout.ms).</summary>
    public const int SessionTimeoutMs = 6000;
    public const int HeartbeatIntervalMs = 1000;

    /// <summary>
    /// A mock cluster with the topics Management would provision: <c>purchases</c> with <paramref name="partitions"/>
    /// (6, as in production, by default) and <c>purchases.dlq</c> (the mock has no CreateTopics).
    /// </summary>
    public static KafkaMockCluster PurchaseCluster(int partitions = 6)
    {
        var cluster = new KafkaMockCluster();
        try
        {
            cluster.CreateTopic(PurchaseMessaging.Topic, partitions);
            cluster.CreateTopic(PurchaseMessaging.DeadLetterTopic, PurchaseMessaging.DeadLetterPartitions);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public static IProducer<string, byte[]> Producer(string bootstrapServers) =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All }).Build();

    /// <summary>Produces <paramref name="messages"/> to <c>purchases</c> in order, each acknowledged by the broker.</summary>
    public static Task ProduceAsync(KafkaMockCluster cluster, IEnumerable<Message<string, byte[]>> messages) =>
        ProduceAsync(cluster, messages.Select(m => (Partition.Any.Value, m)));

    /// <summary>Produces each message to <c>purchases</c> on its chosen partition (<see cref="Partition.Any"/>: the key's), in order, each acknowledged.</summary>
    public static async Task ProduceAsync(KafkaMockCluster cluster, IEnumerable<(int Partition, Message<string, byte[]> Message)> messages)
    {
        using var producer = Producer(cluster.BootstrapServers);
        foreach (var (partition, message) in messages)
        {
            await producer.ProduceAsync(new TopicPartition(PurchaseMessaging.Topic, partition), message, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The group's committed offset per partition (<see cref="Offset.Unset"/> = -1001 when none).</summary>
    public static IReadOnlyList<long> Committed(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = Consumer(bootstrapServers, Group);
        var offsets = consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10));
        return [.. offsets.OrderBy(o => o.Partition.Value).Select(o => o.Offset.Value)];
    }

    /// <summary>
    /// The end (high watermark) of every partition: how many messages it has ever had, late ones included (nothing
    /// is deleted on the mock cluster). What an exact count must match.
    /// </summary>
    public static IReadOnlyList<long> HighWatermarks(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = Consumer(bootstrapServers, $"watermarks-{Guid.NewGuid():N}");
        return [.. Enumerable.Range(0, partitions).Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value)];
    }

    /// <summary>Whether the group has committed every message on the topic, to the end of every partition (an empty one needs no commit).</summary>
    public static bool CommittedToTheEnd(string bootstrapServers, string topic, int partitions) =>
        Committed(bootstrapServers, topic, partitions).Select(offset => Math.Max(offset, 0)).SequenceEqual(HighWatermarks(bootstrapServers, topic, partitions));

    /// <summary>
    /// Rewinds the (idle) group to the start of every partition, as an operator replaying a topic would. The mock
    /// cluster takes commits from group members only, so this joins the group first.
    /// </summary>
    public static async Task ResetToEarliestAsync(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = Consumer(bootstrapServers, Group);
        consumer.Subscribe(topic);
        // Joining happens while polling.
        await Eventually.ReturnsAsync(() =>
        {
            consumer.Consume(TimeSpan.FromMilliseconds(200));
            return consumer.Assignment.Count;
        }, assigned => assigned >= partitions, $"the group is assigned every partition of {topic}");

        consumer.Commit(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, 0)));
        consumer.Close();
    }

    /// <summary>A consumer of <paramref name="groupId"/> that commits only when told, with the shortest session a broker allows.</summary>
    private static IConsumer<Ignore, Ignore> Consumer(string bootstrapServers, string groupId) =>
        new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
            SessionTimeoutMs = SessionTimeoutMs,
            HeartbeatIntervalMs = HeartbeatIntervalMs,
        }).Build();
}
