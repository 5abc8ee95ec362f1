namespace BuyList.Management.Messaging.Consuming;

/// <summary>
/// What happens when a batch fails to store: it is retried with backoff until written, revoked or stopped, its
/// partitions paused while the loop keeps polling. The start-up steps before consuming retry with the same backoff.
/// </summary>
public sealed partial class PurchaseConsumer
{
    /// <summary>
    /// A step consuming needs first (the topics exist, the store is prepared), retried until it succeeds, so the service
    /// waits for a broker or a database that is not there yet; a store that conflicts with this version
    /// (<see cref="PurchaseStoreSetupException"/>) stops the service instead, since retrying would never succeed while
    /// the service looked healthy.
    /// </summary>
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
                ManagementLog.StartupStepImpossible(logger, step, ex);
                throw;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = _options.RetryDelay(attempt);
                ManagementLog.StartupStepFailed(logger, step, attempt, delay, ex.GetType().Name, ex);
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
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
                foreach (var message in _batch)
                {
                    // Each partition's next offset to commit moves past its messages.
                    var known = _uncommitted.GetValueOrDefault(message.TopicPartition, Offset.Unset);
                    _uncommitted[message.TopicPartition] = Math.Max(known.Value, message.Result.Offset.Value + 1);
                }

                _batch.Clear();
                Commit(consumer, _ => true);
                break;
            }
            // Not a retry library: between attempts the loop must keep polling Kafka (WaitPolling).
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Every failure is retried, not only the transient kinds: the write is idempotent, so repeating one
                // that did succeed (a write-concern timeout) is harmless, while giving up would lose valid purchases.
                // A failure that never heals shows as growing lag and these warnings.
                var delay = _options.RetryDelay(attempt);
                ManagementLog.WriteFailed(logger, _batch.Count, attempt, delay, ex.GetType().Name, ex);
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
                ManagementLog.WriteAbandoned(logger, _batch.Count, ex.GetType().Name);
                _batch.Clear();
                return;
            }
        }

        // Written, or emptied by a revocation: the partitions still assigned must flow again either way.
        if (_paused)
        {
            _paused = false;
            consumer.Resume(consumer.Assignment);
            ManagementLog.Resumed(logger, attempt);
        }
    }

    /// <summary>
    /// One attempt at the batch: messages that can never be stored go to the dead-letter topic, the purchases are
    /// stored in one idempotent bulk write, and the outcome is measured, traced and logged. On failure nothing is
    /// written (copies already dead-lettered are marked and not sent again).
    /// </summary>
    private async Task WriteOnceAsync(CancellationToken cancellationToken)
    {
        using var activity = KafkaTelemetry.StartProcessBatch([.. _batch.Select(m => m.Result)], consumerFactory.GroupId);
        try
        {
            var rejected = _batch.Where(m => m.Purchase is null).ToList();
            await deadLetters.PublishAsync(rejected);

            var purchases = _batch.Where(m => m.Purchase is not null).Select(m => m.Purchase!).ToList();
            var started = timeProvider.GetTimestamp();
            var written = await store.UpsertManyAsync(purchases, cancellationToken);
            var storedAt = timeProvider.GetUtcNow();
            metrics.BatchWritten(_batch.Count, timeProvider.GetElapsedTime(started), written);
            var inserted = written.InsertedIds.ToHashSet(StringComparer.Ordinal);
            foreach (var purchase in purchases.Where(p => inserted.Remove(p.Id)))
            {
                metrics.EndToEnd(storedAt - purchase.Timestamp);
            }

            activity?.SetTag("buylist.purchases.stored", written.Inserted);
            activity?.SetTag("buylist.purchases.duplicates", written.Duplicates);
            if (written.Conflicts > 0)
            {
                ManagementLog.KeyConflicts(logger, written.Conflicts);
            }

            foreach (var message in rejected)
            {
                metrics.DeadLettered(message.Error!);
                ManagementLog.DeadLettered(logger, message.Result.Topic, message.Result.Partition.Value, message.Result.Offset.Value, message.Error!);
            }

            ManagementLog.BatchWritten(logger, _batch.Count, written.Inserted, written.Duplicates, rejected.Count);
        }
        catch (Exception ex)
        {
            KafkaTelemetry.RecordError(activity, ex);
            throw;
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

            var result = Poll(consumer, remaining);
            if (result is not null)
            {
                // A partition assigned during the wait is not paused yet: keep what it gave, pause it too.
                _batch.Add(PurchaseMessage.Read(result));
                consumer.Pause(consumer.Assignment);
            }

            MaintainIfDue(consumer, stoppingToken);
        }
    }
}
