using System.Diagnostics.Metrics;

namespace BuyList.Tests.Infrastructure;

/// <summary>Reading a service's instruments with <see cref="MetricCollector{T}"/>.</summary>
public static class HostMetrics
{
    /// <summary>
    /// Collects <paramref name="instrument"/> of <paramref name="meterName"/> in this host only: hosts of tests running
    /// in parallel share meter names, and a host's <see cref="IMeterFactory"/> is the scope of the meters it creates.
    /// </summary>
    public static MetricCollector<T> Collect<T>(this IServiceProvider services, string meterName, string instrument) where T : struct =>
        new(services.GetRequiredService<IMeterFactory>(), meterName, instrument);

    /// <summary>The measurements with <paramref name="tag"/> set to <paramref name="value"/>.</summary>
    public static IEnumerable<CollectedMeasurement<T>> Tagged<T>(this IEnumerable<CollectedMeasurement<T>> measurements, string tag, object value)
        where T : struct =>
        measurements.ContainsTags(KeyValuePair.Create<string, object?>(tag, value));
}
