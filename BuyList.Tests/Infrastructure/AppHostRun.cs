using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuyList.AppHost.Hosting;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// The whole app under the AppHost, as <c>dotnet run --project BuyList.AppHost</c> runs it, pointed at a
/// Kafka-protocol broker on loopback (a mock cluster of its own, <see cref="Cluster"/>) and, when given, a MongoDB
/// server, through the existing-connection switch (so no container is modelled and no Docker is needed).
/// </summary>
public sealed class AppHostRun : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    private readonly Task _starting;
    private readonly CancellationTokenSource _stop;

    private AppHostRun(KafkaMockCluster cluster, DistributedApplication app, Task starting, CancellationTokenSource stop)
    {
        Cluster = cluster;
        App = app;
        _starting = starting;
        _stop = stop;
    }

    public KafkaMockCluster Cluster { get; }

    public DistributedApplication App { get; }

    /// <summary>Starts the app and waits until <paramref name="healthy"/> resources are healthy.</summary>
    public static async Task<AppHostRun> StartAsync(string? mongodb, IEnumerable<string> healthy, CancellationToken cancellationToken)
    {
        var cluster = KafkaTestKit.PurchaseCluster();
        DistributedApplication app;
        try
        {
            app = await BuildAsync(cluster, mongodb, cancellationToken);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // StartAsync returns once every resource has started, so it waits as long as Management waits for MongoDB:
        // wait for the resources the test uses instead, and end the start when the test is done.
        var run = new AppHostRun(cluster, app, app.StartAsync(stop.Token), stop);
        try
        {
            using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            start.CancelAfter(s_startTimeout);
            foreach (var resource in healthy)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, start.Token);
            }

            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The URL of a healthy resource's endpoint (<c>CreateHttpClient</c> needs a finished start, which may be
    /// waiting on a resource the test does not use).
    /// </summary>
    public async Task<Uri> UrlAsync(string resource, CancellationToken cancellationToken, string endpoint = "http")
    {
        var healthy = await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        return new Uri(healthy.Snapshot.Urls.First(u => u.Name == endpoint).Url);
    }

    /// <summary>A client of a healthy resource's endpoint (see <see cref="UrlAsync"/>).</summary>
    public async Task<HttpClient> ClientAsync(string resource, CancellationToken cancellationToken, string endpoint = "http") =>
        new() { BaseAddress = await UrlAsync(resource, cancellationToken, endpoint) };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _starting;
        }
        catch (OperationCanceledException)
        {
            // The start was still waiting for a resource the test did not need.
        }

        await App.DisposeAsync();
        _stop.Dispose();
        Cluster.Dispose();
    }

    private static async Task<DistributedApplication> BuildAsync(KafkaMockCluster cluster, string? mongodb, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BuyList_AppHost>(
        [
            $"--ConnectionStrings:kafka={cluster.BootstrapServers}",
            // Without a server Management waits for MongoDB and never starts; Web and Facing do not need it.
            $"--ConnectionStrings:mongodb={mongodb ?? Loopback.UnreachableMongoDB}",
        ], cancellationToken);
        return await builder.BuildAsync(cancellationToken);
    }
}
