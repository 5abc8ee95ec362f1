using System.Diagnostics.Metrics;
using BuyList.Management.Storage;
using BuyList.Management.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// What the store reports about documents it cannot read: the <c>buylist.purchases.unreadable</c> count of its own meter
/// factory, and its logs.
/// </summary>
internal sealed class StoreMetrics : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private long _unreadable;

    public StoreMetrics()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "buylist.purchases.unreadable")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _unreadable, value));
        _listener.Start();
        Unreadable = new UnreadablePurchases(new ManagementMetrics(factory), Logs);
    }

    public UnreadablePurchases Unreadable { get; }

    public ListLogger<UnreadablePurchases> Logs { get; } = new();

    public long UnreadableCount => Interlocked.Read(ref _unreadable);

    /// <summary>For a store whose reports no test reads.</summary>
    public static UnreadablePurchases Discarded() => new StoreMetrics().Unreadable;

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
