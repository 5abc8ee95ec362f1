namespace BuyList.Management.Messaging.Consuming;

/// <summary>
/// The figures of the consumer lag gauge: per assigned partition, the messages on the broker beyond the group's
/// committed offset. Only the consumer's loop calls it (the Kafka consumer is not thread-safe); the gauge reads the
/// snapshot it publishes to <see cref="ManagementMetrics"/>.
/// </summary>
public sealed class ConsumerLag(ManagementMetrics metrics, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>
    /// The longest one refresh may hold up the consumer's loop, which meanwhile neither polls nor writes: about one
    /// poll. Partitions left when it is spent (a slow or absent broker) keep their last figures until the next refresh.
    /// </summary>
    public static readonly TimeSpan RefreshBudget = TimeSpan.FromMilliseconds(500);

    /// <summary>The group's committed offsets as far as this consumer knows them.</summary>
    private readonly Dictionary<TopicPartition, Offset> _committed = [];

    private readonly Dictionary<TopicPartition, long> _lag = [];

    /// <summary>Records an offset this consumer committed.</summary>
    public void Committed(TopicPartitionOffset offset) => _committed[offset.TopicPartition] = offset.Offset;

    /// <summary>Drops the figures of partitions no longer assigned.</summary>
    public void Forget(IReadOnlySet<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _committed.Remove(partition);
            _lag.Remove(partition);
        }

        Publish();
    }

    /// <summary>
    /// Refreshes the figures from the high watermarks librdkafka caches from fetch responses (no request) and the
    /// offsets committed; a partition's committed offset is asked for once. Paused partitions are not fetched, so
    /// while <paramref name="paused"/> (the store failing: when lag matters most) the watermarks are asked for,
    /// within <see cref="RefreshBudget"/> all together.
    /// </summary>
    public void Refresh(IConsumer<string, byte[]> consumer, bool paused)
    {
        var started = timeProvider.GetTimestamp();
        var assignment = consumer.Assignment;
        foreach (var gone in _lag.Keys.Except(assignment).ToList())
        {
            _lag.Remove(gone);
        }

        var unknown = assignment.Where(p => !_committed.ContainsKey(p)).ToList();
        foreach (var committed in (unknown.Count > 0 ? Ask(() => consumer.Committed(unknown, RefreshBudget)) : null) ?? [])
        {
            _committed[committed.TopicPartition] = committed.Offset;
        }

        foreach (var partition in assignment)
        {
            var remaining = RefreshBudget - timeProvider.GetElapsedTime(started);
            var watermarks = !paused ? consumer.GetWatermarkOffsets(partition)
                : remaining > TimeSpan.Zero ? Ask(() => consumer.QueryWatermarkOffsets(partition, remaining))
                : null;
            if (watermarks is null || watermarks.High == Offset.Unset || !_committed.TryGetValue(partition, out var committed))
            {
                continue;
            }

            // Never committed: everything still on the partition is lag.
            var from = committed == Offset.Unset ? watermarks.Low : committed;
            if (from != Offset.Unset)
            {
                _lag[partition] = Math.Max(0, watermarks.High.Value - from.Value);
            }
        }

        Publish();
    }

    /// <summary>A request to the broker; null when it fails (the figures it would refresh stay as they are).</summary>
    private T? Ask<T>(Func<T> request) where T : class
    {
        try
        {
            return request();
        }
        catch (KafkaException ex)
        {
            ManagementLog.LagUnavailable(logger, ex.Error.Code);
            return null;
        }
    }

    private void Publish() =>
        metrics.UpdateLag([.. _lag.Select(p => new PartitionLag(p.Key.Topic, p.Key.Partition.Value, p.Value))]);
}
