using Confluent.Kafka;

namespace BuyList.Management.Messaging.Consuming;

/// <summary>
/// The next offsets of partitions whose messages are written but not committed yet. A failed commit is kept and tried
/// again with the next batch or the consumer's periodic maintenance: meanwhile a restart would re-deliver messages
/// already stored, which the idempotent write absorbs. Only the consumer's loop uses it.
/// </summary>
public sealed class WrittenOffsets(ILogger logger)
{
    private readonly Dictionary<TopicPartition, Offset> _uncommitted = [];

    /// <summary>Records a batch as written: each partition's next offset moves past its messages.</summary>
    public void Add(IEnumerable<PurchaseMessage> batch)
    {
        foreach (var message in batch)
        {
            var next = message.Result.Offset + 1;
            if (!_uncommitted.TryGetValue(message.TopicPartition, out var known) || known < next)
            {
                _uncommitted[message.TopicPartition] = next;
            }
        }
    }

    /// <summary>Commits the written offsets of the partitions chosen; returns those committed (none when the commit failed).</summary>
    public IReadOnlyList<TopicPartitionOffset> Commit(IConsumer<string, byte[]> consumer, Func<TopicPartition, bool> which)
    {
        var offsets = _uncommitted.Where(p => which(p.Key)).Select(p => new TopicPartitionOffset(p.Key, p.Value)).ToList();
        if (offsets.Count == 0)
        {
            return [];
        }

        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException ex)
        {
            ManagementLog.CommitFailed(logger, offsets.Count, ex.Error.Code);
            return [];
        }

        foreach (var offset in offsets)
        {
            _uncommitted.Remove(offset.TopicPartition);
            ManagementLog.Committed(logger, offset.Topic, offset.Partition.Value, offset.Offset.Value);
        }

        return offsets;
    }

    /// <summary>Forgets partitions no longer assigned: their next owner commits them.</summary>
    public void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _uncommitted.Remove(partition);
        }
    }
}
