using BuyList.Contracts;
using BuyList.Management.Storage;
using BuyList.Management.Telemetry;
using BuyList.ServiceDefaults.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace BuyList.Management.Messaging;

/// <summary>
/// Stores the purchases on <c>purchases</c>, at least once and without duplicates:
/// <list type="bullet">
/// <item>messages are read in batches and each batch is one idempotent bulk write (by purchase id);</item>
/// <item>offsets are committed only after the write is durable, so a crash or failure re-delivers rather than loses;</item>
/// <item>while the store fails, the batch is retried with backoff and the partitions are paused; the consumer keeps
/// polling (which fetches nothing) so the group does not evict it and rebalances are still served;</item>
/// <item>a message that can never be stored goes to the dead-letter topic, then its offset is committed with its batch.</item>
/// </list>
/// The Kafka consumer is not thread-safe; only this loop touches it. Rebalance handlers run inside its <c>Consume</c>
/// calls, so never during a write: on revocation everything written is committed and the unwritten messages of the
/// revoked partitions are dropped for their next owner. On shutdown the batch in hand gets one final attempt, within
/// <c>DrainTimeout</c>.
/// </summary>
public sealed partial class PurchaseConsumer(
    KafkaConsumerFactory<string, byte[]> consumerFactory,
    TopicProvisioner provisioner,
    IPurchaseStore store,
    DeadLetterPublisher deadLetters,
    ManagementMetrics metrics,
    IOptions<PurchasesOptions> options,
    TimeProvider timeProvider,
    ILogger<PurchaseConsumer> logger) : BackgroundService
{
    /// <summary>The longest a single poll blocks, which bounds how late the loop notices shutdown.</summary>
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(500);

    private readonly PurchasesOptions _options = options.Value;

    /// <summary>Consumed messages not yet written (and so not committed).</summary>
    private readonly List<PurchaseMessage> _batch = [];

    /// <summary>Next offsets of partitions whose messages are written but whose commit has not succeeded yet.</summary>
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

        // Once stopping, the batch in hand still gets DrainTimeout to be written, so its messages can be committed.
        using var drain = new CancellationTokenSource();
        using var onStop = stoppingToken.Register(() =>
        {
            LogStopping(logger, _options.DrainTimeout);
            drain.CancelAfter(_options.DrainTimeout);
        });

        using var consumer = consumerFactory.CreateBuilder()
            .SetPartitionsAssignedHandler(OnPartitionsAssigned)
            .SetPartitionsRevokedHandler(OnPartitionsRevoked)
            .SetPartitionsLostHandler(OnPartitionsLost)
            .Build();
        consumer.Subscribe(_options.Topic);
        LogSubscribed(logger, _options.Topic, consumerFactory.GroupId);
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
            LogConsumerFailed(logger, ex);
            throw;
        }
        finally
        {
            if (_batch.Count > 0)
            {
                LogLeftUncommitted(logger, _batch.Count);
            }

            Close(consumer);
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
            var timeout = s_pollTimeout;
            if (_batch.Count > 0)
            {
                var remaining = _options.BatchWindow - timeProvider.GetElapsedTime(windowStarted);
                if (remaining <= TimeSpan.Zero)
                {
                    return;
                }

                timeout = remaining < s_pollTimeout ? remaining : s_pollTimeout;
            }

            var result = Poll(consumer, timeout);
            if (result is null)
            {
                if (_batch.Count == 0)
                {
                    return;
                }

                continue;
            }

            if (_batch.Count == 0)
            {
                windowStarted = timeProvider.GetTimestamp();
            }

            _batch.Add(PurchaseMessage.Read(result));
        }
    }

    /// <summary>
    /// Writes the batch, retrying until it is written, its partitions are revoked, or the host stops. Once stopping,
    /// the batch gets one final attempt within the drain time: the attempt in flight, or, when the stop came during
    /// the wait before a retry, that retry at once. Whichever attempt fails after the stop is the last.
    /// </summary>
    private async Task WriteBatchAsync(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken, CancellationToken drainToken)
    {
        var attempt = 1;
        for (; _batch.Count > 0; attempt++)
        {
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(drainToken);
            attemptTimeout.CancelAfter(_options.WriteTimeout);
            try
            {
                await WriteOnceAsync(attemptTimeout.Token);
                Commit(consumer, _ => true);
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Every failure is retried, not only the transient kinds: the write is idempotent, so repeating one
                // that did succeed (a write-concern timeout) is harmless, while giving up would lose valid purchases.
                // A failure that never heals shows as growing lag and these warnings.
                var delay = RetryBackoff.Delay(attempt, _options.RetryInitialDelay, _options.RetryMaxDelay);
                LogWriteFailed(logger, _batch.Count, attempt, delay, ex.GetType().Name, ex);
                if (!_paused)
                {
                    _paused = true;
                    consumer.Pause(consumer.Assignment);
                }

                WaitPolling(consumer, delay, stoppingToken);
            }
            catch (Exception ex)
            {
                // Stopping, and the final attempt failed or ran out of drain time: nothing is committed, the messages come again.
                LogWriteAbandoned(logger, _batch.Count, ex.GetType().Name);
                _batch.Clear();
                return;
            }
        }

        // Written, or emptied by a revocation: the partitions still assigned must flow again either way.
        if (_paused)
        {
            _paused = false;
            consumer.Resume(consumer.Assignment);
            LogResumed(logger, attempt);
        }
    }

    private async Task WriteOnceAsync(CancellationToken cancellationToken)
    {
        var results = _batch.ConvertAll(m => m.Result);
        using var activity = KafkaTelemetry.StartProcessBatch(results, consumerFactory.GroupId);
        try
        {
            // Messages copied in an earlier, failed attempt are not sent again.
            var rejected = _batch.Where(m => m.Purchase is null).ToList();
            await deadLetters.PublishAsync(rejected);

            var purchases = _batch.Where(m => m.Purchase is not null).Select(m => m.Purchase!).ToList();
            var started = timeProvider.GetTimestamp();
            var written = await store.UpsertManyAsync(purchases, cancellationToken);
            var storedAt = timeProvider.GetUtcNow();
            metrics.BatchWritten(_batch.Count, timeProvider.GetElapsedTime(started), written.Inserted, written.Duplicates);
            RecordEndToEnd(purchases, written, storedAt);
            activity?.SetTag("buylist.purchases.stored", written.Inserted);
            activity?.SetTag("buylist.purchases.duplicates", written.Duplicates);
            foreach (var message in rejected)
            {
                metrics.DeadLettered(message.Error!);
                LogDeadLettered(logger, message.Result.Topic, message.Result.Partition.Value, message.Result.Offset.Value, message.Error!);
            }

            LogBatchWritten(logger, _batch.Count, written.Inserted, written.Duplicates, rejected.Count);
        }
        catch (Exception ex)
        {
            KafkaTelemetry.RecordError(activity, ex);
            throw;
        }

        foreach (var message in _batch)
        {
            var next = message.Result.Offset + 1;
            if (!_uncommitted.TryGetValue(message.TopicPartition, out var known) || known < next)
            {
                _uncommitted[message.TopicPartition] = next;
            }
        }

        _batch.Clear();
    }

    private void RecordEndToEnd(List<PurchaseRecorded> purchases, PurchaseUpsertResult written, DateTimeOffset storedAt)
    {
        if (written.Inserted == 0)
        {
            return;
        }

        var inserted = written.InsertedIds.ToHashSet(StringComparer.Ordinal);
        foreach (var purchase in purchases)
        {
            if (inserted.Remove(purchase.Id))
            {
                metrics.EndToEnd(storedAt - purchase.Timestamp);
            }
        }
    }

    /// <summary>
    /// Commits the written offsets of the partitions chosen. A failed commit is kept and tried again with the next
    /// batch or by <see cref="MaintainIfDue"/>: meanwhile a restart would re-deliver messages already stored, which the
    /// idempotent write absorbs.
    /// </summary>
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
            foreach (var offset in offsets)
            {
                _uncommitted.Remove(offset.TopicPartition);
                _lag.Committed(offset);
                LogCommitted(logger, offset.Topic, offset.Partition.Value, offset.Offset.Value);
            }
        }
        catch (KafkaException ex)
        {
            LogCommitFailed(logger, offsets.Count, ex.Error.Code);
        }
    }

    /// <summary>
    /// Waits before a retry while polling: with every partition paused a poll returns nothing, but it keeps the
    /// consumer within max.poll.interval.ms and serves rebalances.
    /// </summary>
    private void WaitPolling(IConsumer<string, byte[]> consumer, TimeSpan delay, CancellationToken stoppingToken)
    {
        var started = timeProvider.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            var remaining = delay - timeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            var result = Poll(consumer, remaining < s_pollTimeout ? remaining : s_pollTimeout);
            if (result is not null)
            {
                // A partition assigned during the wait is not paused yet: keep what it gave, pause it too.
                _batch.Add(PurchaseMessage.Read(result));
                consumer.Pause(consumer.Assignment);
            }

            MaintainIfDue(consumer, stoppingToken);
        }
    }

    private ConsumeResult<string, byte[]>? Poll(IConsumer<string, byte[]> consumer, TimeSpan timeout)
    {
        try
        {
            var result = consumer.Consume(timeout);
            return result is { IsPartitionEOF: false, Message: not null } ? result : null;
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            // librdkafka recovers by itself (a broker away, an unknown topic for now).
            LogConsumeError(logger, ex.Error.Code, ex.Error.Reason);
            return null;
        }
    }

    private void OnPartitionsAssigned(IConsumer<string, byte[]> consumer, List<TopicPartition> partitions)
    {
        // A cooperative rebalance also calls with nothing new for this member.
        if (partitions.Count > 0)
        {
            _assignmentChanged = true;
            LogAssigned(logger, partitions.Count, Describe(partitions));
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
        LogRevoked(logger, revoked.Count, Describe(revoked));
    }

    /// <summary>Lost (the group moved on without us): committing is no longer possible; the new owner re-reads.</summary>
    private void OnPartitionsLost(IConsumer<string, byte[]> consumer, List<TopicPartitionOffset> partitions)
    {
        var lost = partitions.Select(p => p.TopicPartition).ToHashSet();
        Forget(lost);
        LogLost(logger, lost.Count, Describe(lost));
    }

    private void Forget(HashSet<TopicPartition> partitions)
    {
        var dropped = _batch.RemoveAll(m => partitions.Contains(m.TopicPartition));
        if (dropped > 0)
        {
            LogDropped(logger, dropped);
        }

        foreach (var partition in partitions)
        {
            _uncommitted.Remove(partition);
        }

        _lag.Forget(partitions);
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

    /// <summary>Leaves the group now (rather than after the session timeout), committing what was written on the way out.</summary>
    private void Close(IConsumer<string, byte[]> consumer)
    {
        try
        {
            Commit(consumer, _ => true);
            consumer.Close();
            LogClosed(logger);
        }
        catch (KafkaException ex)
        {
            LogCloseFailed(logger, ex.Error.Code);
        }
    }

    private async Task RetryUntilDoneAsync(string step, Func<CancellationToken, Task> action, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action(stoppingToken);
                return;
            }
            catch (PurchaseStoreSetupException ex)
            {
                // Retrying would never succeed, while the service looked healthy: stop it, so the failure shows.
                LogStartupStepImpossible(logger, step, ex);
                throw;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = RetryBackoff.Delay(attempt, _options.RetryInitialDelay, _options.RetryMaxDelay);
                LogStartupStepFailed(logger, step, attempt, delay, ex.GetType().Name, ex);
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
        }
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.Select(p => $"{p.Topic}[{p.Partition.Value}]"));

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Consuming {Topic} in group {Group}")]
    private static partial void LogSubscribed(ILogger logger, string topic, string group);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Assigned {Count} partition(s): {Partitions}")]
    private static partial void LogAssigned(ILogger logger, int count, string partitions);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Revoked {Count} partition(s): {Partitions}")]
    private static partial void LogRevoked(ILogger logger, int count, string partitions);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Lost {Count} partition(s): {Partitions}; their uncommitted messages will be read again by their new owner")]
    private static partial void LogLost(ILogger logger, int count, string partitions);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Dropped {Count} unwritten message(s) of partitions no longer assigned")]
    private static partial void LogDropped(ILogger logger, int count);

    [LoggerMessage(EventId = 205, Level = LogLevel.Debug, Message = "Wrote batch of {Messages} message(s): {Inserted} stored, {Duplicates} duplicate(s), {DeadLettered} dead-lettered")]
    private static partial void LogBatchWritten(ILogger logger, int messages, int inserted, int duplicates, int deadLettered);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Writing a batch of {Messages} message(s) failed (attempt {Attempt}, {ErrorType}); partitions paused, nothing committed, retrying in {Delay}")]
    private static partial void LogWriteFailed(ILogger logger, int messages, int attempt, TimeSpan delay, string errorType, Exception exception);

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "Partitions resumed after {Attempt} attempt(s)")]
    private static partial void LogResumed(ILogger logger, int attempt);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "Stopping before a batch of {Messages} message(s) was written ({ErrorType}); it was not committed and will be read again")]
    private static partial void LogWriteAbandoned(ILogger logger, int messages, string errorType);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "Dead-lettered {Topic}[{Partition}]@{Offset}: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string topic, int partition, long offset, string error);

    [LoggerMessage(EventId = 210, Level = LogLevel.Debug, Message = "Committed {Topic}[{Partition}]@{Offset}")]
    private static partial void LogCommitted(ILogger logger, string topic, int partition, long offset);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Committing {Count} partition offset(s) failed ({Code}); will retry")]
    private static partial void LogCommitFailed(ILogger logger, int count, ErrorCode code);

    [LoggerMessage(EventId = 212, Level = LogLevel.Warning, Message = "Consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 214, Level = LogLevel.Information, Message = "Left consumer group")]
    private static partial void LogClosed(ILogger logger);

    [LoggerMessage(EventId = 215, Level = LogLevel.Warning, Message = "Closing the consumer failed ({Code}); the group will notice after the session timeout")]
    private static partial void LogCloseFailed(ILogger logger, ErrorCode code);

    [LoggerMessage(EventId = 216, Level = LogLevel.Warning, Message = "Could not {Step} (attempt {Attempt}, {ErrorType}); retrying in {Delay}")]
    private static partial void LogStartupStepFailed(ILogger logger, string step, int attempt, TimeSpan delay, string errorType, Exception exception);

    [LoggerMessage(EventId = 217, Level = LogLevel.Critical, Message = "The purchase consumer stopped on an unrecoverable error")]
    private static partial void LogConsumerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 218, Level = LogLevel.Information, Message = "Stopping with {Messages} unwritten message(s); they were not committed and will be read again")]
    private static partial void LogLeftUncommitted(ILogger logger, int messages);

    [LoggerMessage(EventId = 219, Level = LogLevel.Critical, Message = "Could not {Step}, and retrying cannot help; stopping the service")]
    private static partial void LogStartupStepImpossible(ILogger logger, string step, Exception exception);

    [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "Stopping; a batch in hand gets one final attempt within {DrainTimeout}")]
    private static partial void LogStopping(ILogger logger, TimeSpan drainTimeout);
}
