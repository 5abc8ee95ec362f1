using System.Diagnostics.Metrics;

namespace BuyList.Facing.Telemetry;

/// <summary>Facing's instruments (meter <c>BuyList.Facing</c>): what was accepted, what was refused and why, how long publishing took.</summary>
public sealed class FacingMetrics
{
    public const string MeterName = "BuyList.Facing";
    public const string ReasonValidation = "validation";
    public const string ReasonBrokerUnavailable = "broker_unavailable";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _publishDuration;

    public FacingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("buylist.purchases.accepted", "{purchase}",
            "Purchases persisted to Kafka and answered 201.");
        _rejected = meter.CreateCounter<long>("buylist.purchases.rejected", "{purchase}",
            "Purchases refused, by reason: validation or broker_unavailable.");
        _publishDuration = meter.CreateHistogram("buylist.purchase.publish.duration", "s",
            "Time from producing a purchase to its delivery report.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    public void Accepted() => _accepted.Add(1);

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Published(TimeSpan duration, PersistenceStatus status) =>
        _publishDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", status switch
        {
            PersistenceStatus.Persisted => "persisted",
            PersistenceStatus.PossiblyPersisted => "possibly_persisted",
            _ => "not_persisted",
        }));
}
