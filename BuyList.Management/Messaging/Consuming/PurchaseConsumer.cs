using BuyList.Management.Messaging.Startup;

namespace BuyList.Management.Messaging.Consuming;

/// <summary>
/// Stores the purchases on <c>purchases</c> at least once and without duplicates: each batch is one idempotent bulk
/// write, and its offsets are committed only once it is durable, so a failure re-delivers rather than loses. While the
/// store fails the batch is retried with its partitions paused, still polling so the group keeps this member.
/// </summary>
public sealed partial class PurchaseConsumer(
    KafkaConsumerFactory consumerFactory,
    TopicProvisioner provisioner,
    IPurchaseStore store,
    DeadLetterPublisher deadLetters,
    ManagementMetrics metrics,
    IOptions<PurchaseConsumerOptions> options,
    TimeProvider timeProvider,
    ILogger<PurchaseConsumer> logger) : BackgroundService
{
    /// <summary>The longest a single poll blocks, which bounds how late the loop notices shutdown.</summary>
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(500);

    private readonly PurchaseConsumerOptions _options = options.Value;

    /// <summary>Consumed messages not yet written (and so not committed).</summary>
    private readonly List<PurchaseMessage> _batch = [];

    /// <summary>
    /// The next offsets of partitions written but not committed yet. A failed commit stays here and is tried again with
    /// the next batch or the periodic maintenance; meanwhile a restart re-delivers, which the idempotent write absorbs.
    /// </summary>
    private readonly Dictionary<TopicPartition, Offset> _uncommitted = [];

    private readonly ConsumerLag _lag = new(metrics, timeProvider, logger);

    private bool _paused;
    private bool _assignmentChanged;
    private long _maintainedAt;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume blocks its thread: run the loop off the host's start-up path.
        Task.Run(() => RunAsync(stoppingToken), CancellationToken.None);

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RetryUntilDoneAsync("provision Kafka topics", provisioner.EnsureTopicsAsync, stoppingToken);
            await RetryUntilDoneAsync("initialize the purchase store", store.InitializeAsync, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        // Once stopping, the batch in hand still gets FinalAttemptTimeout to be written, so its messages can be committed.
        using var drain = new CancellationTokenSource();
        using var onStop = stoppingToken.Register(() =>
        {
            ManagementLog.Stopping(logger, _options.FinalAttemptTimeout);
            drain.CancelAfter(_options.FinalAttemptTimeout);
        });

        using var consumer = consumerFactory.CreateBuilder()
            .SetPartitionsAssignedHandler(OnPartitionsAssigned)
            .SetPartitionsRevokedHandler(OnPartitionsRevoked)
            .SetPartitionsLostHandler(OnPartitionsLost)
            .Build();
        consumer.Subscribe(_options.Topic);
        ManagementLog.Subscribed(logger, _options.Topic, consumerFactory.GroupId);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                FillBatch(consumer, stoppingToken);
                if (_batch.Count > 0)
                {
                    await WriteBatchAsync(consumer, stoppingToken, drain.Token);
                }

                MaintainIfDue(consumer, stoppingToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ManagementLog.ConsumerFailed(logger, ex);
            throw;
        }
        finally
        {
            if (_batch.Count > 0)
            {
                ManagementLog.LeftUncommitted(logger, _batch.Count);
            }

            // Leaves the group now (rather than after the session timeout), committing what was written on the way out.
            try
            {
                Commit(consumer, _ => true);
                consumer.Close();
                ManagementLog.Closed(logger);
            }
            catch (KafkaException ex)
            {
                ManagementLog.CloseFailed(logger, ex.Error.Code);
            }
        }
    }

    /// <summary>Polls until the batch is full or its window has passed since its first message; returns after an idle poll.</summary>
    private void FillBatch(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        if (_assignmentChanged)
        {
            // A partition revoked while paused may come back still paused.
            _assignmentChanged = false;
            consumer.Resume(consumer.Assignment);
        }

        var windowStarted = 0L;
        while (_batch.Count < _options.BatchSize && !stoppingToken.IsCancellationRequested)
        {
            var remaining = _batch.Count == 0 ? s_pollTimeout : _options.BatchWindow - timeProvider.GetElapsedTime(windowStarted);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (Poll(consumer, remaining) is { } result)
            {
                windowStarted = _batch.Count == 0 ? timeProvider.GetTimestamp() : windowStarted;
                _batch.Add(PurchaseMessage.Read(result));
            }
            else if (_batch.Count == 0)
            {
                return;
            }
        }
    }

    /// <summary>Commits what was written for the partitions chosen; a failure leaves them to be committed later.</summary>
    private void Commit(IConsumer<string, byte[]> consumer, Func<TopicPartition, bool> which)
    {
        var offsets = _uncommitted.Where(p => which(p.Key)).Select(p => new TopicPartitionOffset(p.Key, p.Value)).ToList();
        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException ex)
        {
            ManagementLog.CommitFailed(logger, offsets.Count, ex.Error.Code);
            return;
        }

        foreach (var offset in offsets)
        {
            _uncommitted.Remove(offset.TopicPartition);
            _lag.Committed(offset);
            ManagementLog.Committed(logger, offset.Topic, offset.Partition.Value, offset.Offset.Value);
        }
    }

    /// <summary>Polls for at most <paramref name="timeout"/> (or one poll timeout); null for nothing, an error or a partition's end.</summary>
    private ConsumeResult<string, byte[]>? Poll(IConsumer<string, byte[]> consumer, TimeSpan timeout)
    {
        try
        {
            var result = consumer.Consume(timeout < s_pollTimeout ? timeout : s_pollTimeout);
            return result is { IsPartitionEOF: false, Message: not null } ? result : null;
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            // librdkafka recovers by itself (a broker away, an unknown topic for now).
            ManagementLog.ConsumeError(logger, ex.Error.Code, ex.Error.Reason);
            return null;
        }
    }

    /// <summary>
    /// Every <c>LagRefreshInterval</c>: retries the commits that failed, which would otherwise wait for the partition's
    /// next message (on an idle partition the offset would stay uncommitted, and its lag above zero, until a
    /// rebalance), then refreshes the lag. Not once stopping: closing commits anyway, and the figures are moot.
    /// </summary>
    private void MaintainIfDue(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested
            || (_maintainedAt != 0 && timeProvider.GetElapsedTime(_maintainedAt) < _options.LagRefreshInterval))
        {
            return;
        }

        _maintainedAt = timeProvider.GetTimestamp();
        Commit(consumer, _ => true);
        _lag.Refresh(consumer, _paused);
    }
}
