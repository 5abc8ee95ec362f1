using System.Diagnostics.Metrics;
using BuyList.Management.Storage;
using BuyList.Management.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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

    public UnreadablePurchases For(ILogger<UnreadablePurchases> logger) =>
        new(new ManagementMetrics(_services.GetRequiredService<IMeterFactory>()), logger);

    /// <summary>For a store whose reports no test reads.</summary>
    public static UnreadablePurchases Discarded() => new UnreadableReports().For(NullLogger<UnreadablePurchases>.Instance);

    public void Dispose() => _services.Dispose();
}
