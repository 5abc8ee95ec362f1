using System.Collections.ObjectModel;
using System.Diagnostics;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Tests that read a host's meters in-process run alone: OpenTelemetry's meter providers listen to meters by name,
/// so another test's host in the same process would add to the counts. The run of the whole AppHost with its
/// dashboard runs alone too: it starts every project as a process of its own on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection
{
    public const string Name = "Observability (one at a time)";
}

/// <summary>
/// The spans an in-memory exporter received. Every tracer provider in the process sees every span of the sources it
/// listens to, so a span may arrive twice (from Facing's and Management's providers) and spans of other tests' hosts
/// arrive too: read them by trace id.
/// </summary>
internal sealed class SpanCollector : Collection<Activity>
{
    private readonly Lock _lock = new();

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => Matching(s => s.TraceId == traceId);

    /// <summary>Makes the tracer provider of the host these services build export to this collection too.</summary>
    public void ExportFrom(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(this));

    private IReadOnlyList<Activity> Matching(Func<Activity, bool> predicate)
    {
        lock (_lock)
        {
            return [.. Items.Where(predicate).DistinctBy(s => s.SpanId)];
        }
    }

    /// <summary>Waits until a span matching <paramref name="predicate"/> has ended and been exported.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> predicate, string what) =>
        (await Eventually.ReturnsAsync(() => Matching(predicate).FirstOrDefault(), span => span is not null, $"a span for {what} is exported",
            interval: TimeSpan.FromMilliseconds(100), describe: _ => $"none among {Count} spans"))!;

    // The exporters of several tracer providers add from their own threads; only Add is ever called on it.
    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }
}

/// <summary>
/// Facing (in-process, TestServer) and Management (in-process on a loopback Kestrel port, so Facing reaches it over
/// HTTP as in production) on one Kafka mock cluster, exporting their spans to <see cref="Spans"/>. Management stores
/// into <see cref="Store"/>: there is no MongoDB server here, and the fake records the span each write ran under,
/// which is where MongoDB.Driver's own span would be.
/// </summary>
internal sealed class ObservedApps : IAsyncDisposable
{
    private readonly ManagementFactory _management;
    private readonly FacingFactory _facing;

    public ObservedApps(IReadOnlyDictionary<string, string>? managementSettings = null)
    {
        _management = new ManagementFactory(Cluster.BootstrapServers, Store, settings: managementSettings);
        try
        {
            ManagementAddress = _management.WithWebHostBuilder(web => web.ConfigureTestServices(Spans.ExportFrom)).StartOnKestrel();
        }
        catch
        {
            _management.Dispose();
            Cluster.Dispose();
            throw;
        }

        _facing = new FacingFactory(Cluster.BootstrapServers, new Dictionary<string, string> { ["services:management:http:0"] = ManagementAddress.ToString() },
            Spans.ExportFrom);
        Facing = _facing.CreateClient();
    }

    public KafkaMockCluster Cluster { get; } = KafkaTestKit.PurchaseCluster();

    public FakePurchaseStore Store { get; } = new();

    public SpanCollector Spans { get; } = new();

    public Uri ManagementAddress { get; }

    /// <summary>A client of Facing's API.</summary>
    public HttpClient Facing { get; }

    public async ValueTask DisposeAsync()
    {
        Facing.Dispose();
        await _facing.DisposeAsync();
        await _management.DisposeAsync();
        Cluster.Dispose();
    }
}
