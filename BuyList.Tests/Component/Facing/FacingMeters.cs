using BuyList.Facing.Telemetry;

namespace BuyList.Tests.Component.Facing;

/// <summary>Facing's purchase instruments in one host, as the service records them.</summary>
public sealed class FacingMeters(IServiceProvider services) : IDisposable
{
    public MetricCollector<long> Accepted { get; } = services.Collect<long>(FacingMetrics.MeterName, "buylist.purchases.accepted");

    public MetricCollector<long> Rejected { get; } = services.Collect<long>(FacingMetrics.MeterName, "buylist.purchases.rejected");

    public MetricCollector<double> PublishDuration { get; } = services.Collect<double>(FacingMetrics.MeterName, "buylist.purchase.publish.duration");

    public void Dispose() => Array.ForEach<IDisposable>([Accepted, Rejected, PublishDuration], collector => collector.Dispose());
}
