using BuyList.Management.Messaging.DeadLetters;
using BuyList.Management.Storage;
using BuyList.Management.Telemetry;
using BuyList.ServiceDefaults.Kafka;

namespace BuyList.Management.Messaging.Consuming;

/// <summary>
/// One attempt at a batch: messages that can never be stored go to the dead-letter topic, the purchases are stored in
/// one idempotent bulk write, and the outcome is measured, traced and logged. Retrying is the consumer's job.
/// </summary>
public sealed class PurchaseBatchWriter(
    IPurchaseStore store,
    DeadLetterPublisher deadLetters,
    ManagementMetrics metrics,
    TimeProvider timeProvider,
    ILogger<PurchaseBatchWriter> logger)
{
    /// <exception cref="Exception">Dead-lettering or the write failed; the batch is not written (copies already
    /// dead-lettered are marked and not sent again).</exception>
    public async Task WriteAsync(IReadOnlyList<PurchaseMessage> batch, string consumerGroup, CancellationToken cancellationToken)
    {
        using var activity = KafkaTelemetry.StartProcessBatch([.. batch.Select(m => m.Result)], consumerGroup);
        try
        {
            // Messages copied in an earlier, failed attempt are not sent again.
            var rejected = batch.Where(m => m.Purchase is null).ToList();
            await deadLetters.PublishAsync(rejected);

            var purchases = batch.Where(m => m.Purchase is not null).Select(m => m.Purchase!).ToList();
            var started = timeProvider.GetTimestamp();
            var written = await store.UpsertManyAsync(purchases, cancellationToken);
            var storedAt = timeProvider.GetUtcNow();
            metrics.BatchWritten(batch.Count, timeProvider.GetElapsedTime(started), written);
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

            ManagementLog.BatchWritten(logger, batch.Count, written.Inserted, written.Duplicates, rejected.Count);
        }
        catch (Exception ex)
        {
            KafkaTelemetry.RecordError(activity, ex);
            throw;
        }
    }
}
