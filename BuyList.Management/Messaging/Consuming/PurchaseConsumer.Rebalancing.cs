namespace BuyList.Management.Messaging.Consuming;

/// <summary>
/// The consumer's rebalance handlers. librdkafka calls them inside <c>Consume</c>, on the consumer's loop, so never
/// during a write.
/// </summary>
public sealed partial class PurchaseConsumer
{
    private void OnPartitionsAssigned(IConsumer<string, byte[]> consumer, List<TopicPartition> partitions)
    {
        // A cooperative rebalance also calls with nothing new for this member.
        if (partitions.Count > 0)
        {
            _assignmentChanged = true;
            ManagementLog.Assigned(logger, partitions.Count, Describe(partitions));
        }
    }

    /// <summary>
    /// Revoked in a rebalance, or on close: commit what was written for them (while they are still ours), and forget
    /// their unwritten messages, which their next owner reads again from the committed offset.
    /// </summary>
    private void OnPartitionsRevoked(IConsumer<string, byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        var revoked = partitions.Select(p => p.TopicPartition).ToHashSet();
        if (revoked.Count == 0)
        {
            return;
        }

        Commit(consumer, revoked.Contains);
        Forget(revoked);
        ManagementLog.Revoked(logger, revoked.Count, Describe(revoked));
    }

    /// <summary>Lost (the group moved on without us): committing is no longer possible; the new owner re-reads.</summary>
    private void OnPartitionsLost(IConsumer<string, byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        var lost = partitions.Select(p => p.TopicPartition).ToHashSet();
        Forget(lost);
        ManagementLog.Lost(logger, lost.Count, Describe(lost));
    }

    private void Forget(HashSet<TopicPartition> partitions)
    {
        var dropped = _batch.RemoveAll(m => partitions.Contains(m.TopicPartition));
        if (dropped > 0)
        {
            ManagementLog.Dropped(logger, dropped);
        }

        foreach (var partition in partitions)
        {
            _uncommitted.Remove(partition);
        }

        _lag.Forget(partitions);
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.Select(p => $"{p.Topic}[{p.Partition.Value}]"));
}
