using System.Diagnostics.Metrics;
using BuyList.Management.Storage;
using BuyList.Management.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Where a <see cref="MongoPurchaseStore"/> built by a test reports documents it cannot read: the
/// <c>buylist.purchases.unreadable</c> count in meters of the test's own (<see cref="Meters"/>, read with
/// <see cref="HostMetrics.Collect{T}"/>), and a log.
/// </summary>
public sealed class UnreadableReports : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public IServiceProvider Meters => _services;

    /// <summary>A store on <paramref name="database"/> reporting here and to <paramref name="logger"/>.</summary>
    public MongoPurchaseStore Store(IMongoDatabase database, ILogger<MongoPurchaseStore>? logger = null) =>
        new(database, TimeProvider.System, new ManagementMetrics(_services.GetRequiredService<IMeterFactory>()), logger ?? NullLogger<MongoPurchaseStore>.Instance);

    /// <summary>A store whose reports no test reads.</summary>
    public static MongoPurchaseStore Discarded(IMongoDatabase database) => new UnreadableReports().Store(database);

    public void Dispose() => _services.Dispose();
}
