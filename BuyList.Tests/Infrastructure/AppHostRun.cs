using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// The whole app under the AppHost, as <c>dotnet run --project BuyList.AppHost</c> runs it on a machine without
/// Docker: <c>Infrastructure:Mode=Embedded</c> and no connection strings, so Kafka is the AppHost's mock cluster and
/// MongoDB the emulator it starts, both new and empty for each run (no container is modelled, no Docker needed).
/// </summary>
public sealed class AppHostRun : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    private readonly Task _starting;
    private readonly CancellationTokenSource _stop;
    private bool _disposed;

    private AppHostRun(DistributedApplication app, Task starting, CancellationTokenSource stop)
    {
        App = app;
        _starting = starting;
        _stop = stop;
    }

    public DistributedApplication App { get; }

    /// <summary>Starts the app and waits until <paramref name="healthy"/> resources are healthy.</summary>
    public static async Task<AppHostRun> StartAsync(IEnumerable<string> healthy, CancellationToken cancellationToken)
    {
        Requires.MongoEmulatorInstalled();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BuyList_AppHost>(
            [$"--{InfrastructureExtensions.ModeKey}=Embedded"], cancellationToken);
        var app = await builder.BuildAsync(cancellationToken);

        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // StartAsync returns once every resource has started: wait for the resources the test uses instead, and end
        // the start when the test is done.
        var run = new AppHostRun(app, app.StartAsync(stop.Token), stop);
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

    /// <summary>
    /// The embedded Kafka's bootstrap servers, once it runs (<c>GetConnectionStringAsync</c> of the app needs a
    /// finished start, see <see cref="UrlAsync"/>).
    /// </summary>
    public async Task<string> KafkaAsync(CancellationToken cancellationToken)
    {
        IResourceWithConnectionString kafka = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<EmbeddedKafkaResource>().Single();
        return await kafka.GetConnectionStringAsync(cancellationToken) ?? throw new InvalidOperationException("The kafka resource has no connection string.");
    }

    /// <summary>Stops the app; a test that checks what the disposal ends may call it before its own <c>await using</c> does.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
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
    }
}
