using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BuyList.Facing.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// What Facing's instruments record in one host. Hosts in parallel tests share the meter name, so instruments are
/// told apart by the host's <see cref="IMeterFactory"/>, which is their meter's scope.
/// </summary>
public sealed class FacingMetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public FacingMetricsRecorder(IServiceProvider services)
    {
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FacingMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>The sum of an instrument's measurements, optionally only those with a tag value.</summary>
    public double Sum(string instrument, string? tag = null, string? value = null) =>
        Measurements(instrument, tag, value).Sum(m => m.Value);

    /// <summary>How many measurements an instrument took, optionally only those with a tag value.</summary>
    public int Count(string instrument, string? tag = null, string? value = null) =>
        Measurements(instrument, tag, value).Count();

    public void Dispose() => _listener.Dispose();

    private IEnumerable<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Measurements(string instrument, string? tag, string? value) =>
        _measurements.Where(m => m.Instrument == instrument
            && (tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value, value))));
}
