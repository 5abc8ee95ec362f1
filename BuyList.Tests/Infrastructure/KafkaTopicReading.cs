using System.Text;
using Confluent.Kafka;

namespace BuyList.Tests.Infrastructure;

/// <summary>Reading a topic back (of a mock cluster, or of the AppHost's embedded Kafka), for tests only.</summary>
public static class KafkaTopicReading
{
    public static Task<IReadOnlyList<ConsumeResult<string, string>>> ReadAllAsync(this KafkaMockCluster cluster, string topic, int atLeast, TimeSpan timeout) =>
        ReadAllAsync(cluster.BootstrapServers, topic, atLeast, timeout);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> until <paramref name="topic"/> holds at least <paramref name="atLeast"/>
    /// messages (failing the test if it never does), then reads every message up to the partitions' high watermarks:
    /// the result is exact, so a test that asserts "exactly N" also sees duplicates that arrived meanwhile.
    /// </summary>
    public static async Task<IReadOnlyList<ConsumeResult<string, string>>> ReadAllAsync(string bootstrapServers, string topic, int atLeast, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"test-reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).Build();
        var partitions = Partitions(bootstrapServers, topic);
        var highs = await Eventually.ReturnsAsync(() => HighWatermarks(consumer, partitions), h => h.Values.Sum() >= atLeast,
            $"{topic} holds at least {atLeast} messages", timeout, TimeSpan.FromMilliseconds(100), h => $"{h.Values.Sum()} messages");

        // Assigning partitions (no group join) reads from the start at once.
        consumer.Assign(partitions.Where(p => highs[p] > 0).Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var messages = new List<ConsumeResult<string, string>>();
        var remaining = highs.Values.Sum();
        // Reading what the watermarks promise takes a moment, bounded in case the broker loses a message.
        var reading = TimeProvider.System.GetTimestamp();
        while (remaining > 0 && TimeProvider.System.GetElapsedTime(reading) < TimeSpan.FromSeconds(10))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null } && result.Offset < highs[result.TopicPartition])
            {
                messages.Add(result);
                remaining--;
            }
        }

        return messages;
    }

    /// <summary>The last value of the message's header <paramref name="key"/> as text.</summary>
    public static string Header(this ConsumeResult<string, string> message, string key) =>
        message.Message.Headers.TryGetLastBytes(key, out var value)
            ? Encoding.UTF8.GetString(value)
            : throw new Xunit.Sdk.XunitException($"The message has no '{key}' header.");

    private static List<TopicPartition> Partitions(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        return metadata.Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
    }

    private static Dictionary<TopicPartition, long> HighWatermarks(IConsumer<string, string> consumer, List<TopicPartition> partitions) =>
        partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(5)).High.Value);
}
