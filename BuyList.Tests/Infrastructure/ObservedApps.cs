using System.Collections;
using System.Diagnostics;
using BuyList.AppHost.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
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
internal sealed class SpanCollector : ICollection<Activity>
{
    private readonly Lock _lock = new();
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId)
    {
        lock (_lock)
        {
            return [.. _spans.Where(s => s.TraceId == traceId).DistinctBy(s => s.SpanId)];
        }
    }

    public IReadOnlyList<Activity> Where(Func<Activity, bool> predicate)
    {
        lock (_lock)
        {
            return [.. _spans.Where(predicate).DistinctBy(s => s.SpanId)];
        }
    }

    /// <summary>Waits until a span matching <paramref name="predicate"/> has ended and been exported.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> predicate, string what) =>
        (await Eventually.ReturnsAsync(() => Where(predicate).FirstOrDefault(), span => span is not null, $"a span for {what} is exported",
            interval: TimeSpan.FromMilliseconds(100), describe: _ => $"none among {Count} spans"))!;

    public void Add(Activity item)
    {
        lock (_lock)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_lock)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_lock)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_lock)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_lock)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Facing (in-process, TestServer) and Management (in-process on a loopback Kestrel port, so Facing reaches it over
/// HTTP as in production) on one Kafka mock cluster, exporting their spans to <see cref="Spans"/>. Management stores
/// into <see cref="Store"/>: there is no MongoDB server here, and the fake records the span each write ran under,
/// which is where MongoDB.Driver's own span would be.
/// </summary>
internal sealed class ObservedApps : IAsyncDisposable
{
    private readonly FacingFactory _facing;
    private readonly ManagementFactory _management;

    private ObservedApps(KafkaMockCluster cluster, FakePurchaseStore store, SpanCollector spans, ManagementFactory management,
        Uri managementAddress, FacingFactory facing, HttpClient facingClient)
    {
        Cluster = cluster;
        Store = store;
        Spans = spans;
        _management = management;
        ManagementAddress = managementAddress;
        _facing = facing;
        Facing = facingClient;
    }

    public KafkaMockCluster Cluster { get; }

    public FakePurchaseStore Store { get; }

    public SpanCollector Spans { get; }

    public Uri ManagementAddress { get; }

    /// <summary>A client of Facing's API.</summary>
    public HttpClient Facing { get; }

    public static ObservedApps Start(IReadOnlyDictionary<string, string>? managementSettings = null)
    {
        var cluster = KafkaTestKit.PurchaseCluster();
        var store = new FakePurchaseStore();
        var spans = new SpanCollector();
        ManagementFactory? management = null;
        FacingFactory? facing = null;
        try
        {
            management = new ManagementFactory(cluster.BootstrapServers, store, settings: managementSettings);
            var managementAddress = management.WithWebHostBuilder(web => web.ConfigureTestServices(services => Export(services, spans))).StartOnKestrel();
            facing = new FacingFactory(cluster.BootstrapServers, new Dictionary<string, string>
            {
                ["services:management:http:0"] = managementAddress.ToString(),
            }, services => Export(services, spans));
            return new ObservedApps(cluster, store, spans, management, managementAddress, facing, facing.CreateClient());
        }
        catch
        {
            facing?.Dispose();
            management?.Dispose();
            cluster.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Facing.Dispose();
        await _facing.DisposeAsync();
        await _management.DisposeAsync();
        Cluster.Dispose();
    }

    private static void Export(IServiceCollection services, SpanCollector spans) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
}
