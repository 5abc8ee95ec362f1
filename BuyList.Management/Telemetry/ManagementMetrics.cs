using System.Diagnostics.Metrics;

namespace BuyList.Management.Telemetry;

/// <summary>The instruments of the <c>BuyList.Management</c> meter (names in DEVELOPERS.md / the observability docs).</summary>
public sealed class ManagementMetrics
{
    public const string MeterName = "BuyList.Management";

    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _keyConflicts;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _unreadable;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _writeDuration;
    private readonly Histogram<double> _endToEnd;

    // Written by the consumer loop, read by the gauge callback on the exporter's thread: the consumer itself is not
    // thread-safe, so the callback only ever sees a finished snapshot.
    private volatile IReadOnlyList<PartitionLag> _lag = [];

    public ManagementMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _stored = meter.CreateCounter<long>("buylist.purchases.stored", "{purchase}", "Purchases stored for the first time.");
        _duplicates = meter.CreateCounter<long>("buylist.purchases.duplicates", "{purchase}",
            "Purchases delivered again (replays, retried requests) and left as first stored.");
        _keyConflicts = meter.CreateCounter<long>("buylist.purchases.key_conflicts", "{purchase}",
            "Duplicates with another username or price than the purchase stored under their id (an Idempotency-Key reused for another purchase); the stored one is kept.");
        _deadLettered = meter.CreateCounter<long>("buylist.purchases.dead_lettered", "{message}",
            "Messages that can never be stored, sent to the dead-letter topic.");
        _unreadable = meter.CreateCounter<long>("buylist.purchases.unreadable", "{document}",
            "Stored documents left out of a listing because they no longer read as a purchase.");
        _batchSize = meter.CreateHistogram<int>("buylist.consumer.batch.size", "{message}", "Messages per stored batch.",
            advice: new() { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000] });
        // Seconds-scale buckets: the default ones are made for milliseconds.
        _writeDuration = meter.CreateHistogram<double>("buylist.consumer.batch.write.duration", "s", "Time of one successful bulk write to the store.",
            advice: new() { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _endToEnd = meter.CreateHistogram<double>("buylist.purchase.end_to_end.duration", "s", "From the purchase's timestamp to its storage.",
            advice: new() { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });
        meter.CreateObservableGauge("buylist.consumer.lag", ObserveLag, "{message}",
            "Messages per partition not yet stored and committed by this consumer.");
    }

    public void BatchWritten(int messages, TimeSpan writeDuration, PurchaseUpsertResult written)
    {
        _batchSize.Record(messages);
        _writeDuration.Record(writeDuration.TotalSeconds);
        _stored.Add(written.Inserted);
        _duplicates.Add(written.Duplicates);
        _keyConflicts.Add(written.Conflicts);
    }

    public void EndToEnd(TimeSpan duration) => _endToEnd.Record(Math.Max(0, duration.TotalSeconds));

    public void DeadLettered(string error) => _deadLettered.Add(1, new KeyValuePair<string, object?>("error.type", error));

    public void UnreadableLeftOut() => _unreadable.Add(1);

    public void UpdateLag(IReadOnlyList<PartitionLag> lag) => _lag = lag;

    private IEnumerable<Measurement<long>> ObserveLag() =>
        _lag.Select(p => new Measurement<long>(p.Lag,
            new KeyValuePair<string, object?>("messaging.destination.name", p.Topic),
            new KeyValuePair<string, object?>("messaging.destination.partition.id", p.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}
