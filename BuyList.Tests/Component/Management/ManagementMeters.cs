using BuyList.Contracts;
using BuyList.Management.Telemetry;

namespace BuyList.Tests.Component.Management;

/// <summary>Management's consumer instruments in one host, as the service records them.</summary>
public sealed class ManagementMeters(IServiceProvider services) : IDisposable
{
    public MetricCollector<long> Stored { get; } = services.Collect<long>(ManagementMetrics.MeterName, "buylist.purchases.stored");

    public MetricCollector<long> Duplicates { get; } = services.Collect<long>(ManagementMetrics.MeterName, "buylist.purchases.duplicates");

    public MetricCollector<long> KeyConflicts { get; } = services.Collect<long>(ManagementMetrics.MeterName, "buylist.purchases.key_conflicts");

    public MetricCollector<long> DeadLettered { get; } = services.Collect<long>(ManagementMetrics.MeterName, "buylist.purchases.dead_lettered");

    public MetricCollector<long> Lag { get; } = services.Collect<long>(ManagementMetrics.MeterName, "buylist.consumer.lag");

    /// <summary>Messages written to the store so far, stored or duplicates.</summary>
    public long Consumed => Stored.GetMeasurementSnapshot().EvaluateAsCounter() + Duplicates.GetMeasurementSnapshot().EvaluateAsCounter();

    /// <summary>What the lag gauge reports now: one figure per topic and partition, read back from its tags.</summary>
    public IReadOnlyList<PartitionLag> LagNow()
    {
        Lag.Clear();
        Lag.RecordObservableInstruments();
        return [.. Lag.GetMeasurementSnapshot().Select(m => new PartitionLag(
            (string)m.Tags["messaging.destination.name"]!,
            int.Parse((string)m.Tags["messaging.destination.partition.id"]!, CultureInfo.InvariantCulture),
            m.Value))];
    }

    /// <summary>What the lag gauge reports for <paramref name="partition"/> of <c>purchases</c> now; null while it reports nothing for it.</summary>
    public long? LagOf(int partition) =>
        LagNow().Where(l => l.Topic == PurchaseMessaging.Topic && l.Partition == partition).Select(l => (long?)l.Lag).LastOrDefault();

    public void Dispose() => Array.ForEach<IDisposable>([Stored, Duplicates, KeyConflicts, DeadLettered, Lag], collector => collector.Dispose());
}
