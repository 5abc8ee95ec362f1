using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BuyList.AppHost.Hosting;
using BuyList.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BuyList.Tests.EndToEnd.AppHost;

/// <summary>The AppHost in Embedded mode on a machine without Node.js 20+ (stubbed through its machine probe).</summary>
public sealed class EmbeddedWithoutNodeTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Without_node_the_mongodb_resource_fails_with_one_clear_message_and_what_waits_for_it_never_starts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var appHost = new WithoutNode();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var starting = appHost.StartAsync(stop.Token);
        var app = await appHost.Built.Task.WaitAsync(s_timeout, ct);

        await app.ResourceNotifications.WaitForResourceAsync("mongodb", KnownResourceStates.FailedToStart, ct).WaitAsync(s_timeout, ct);

        var logged = app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync("mongodb").FirstAsync(batch => batch.Count > 0, stop.Token);
        var log = (await logged.AsTask().WaitAsync(s_timeout, ct))[0].Content;
        Assert.Contains($"{MongoEmulatorHostingExtensions.NodeMissingMessage} ('node' is not installed).", log, StringComparison.Ordinal);
        Assert.Equal("Embedded MongoDB needs Node.js 20+ (or Docker for the real container); set ConnectionStrings:mongodb to use an existing server",
            MongoEmulatorHostingExtensions.NodeMissingMessage);
        // Management was not started: it waits (dotnet run), or stops waiting for a server that failed (the testing default).
        await app.ResourceNotifications.WaitForResourceAsync("management", [KnownResourceStates.Waiting, KnownResourceStates.FailedToStart], ct)
            .WaitAsync(s_timeout, ct);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("management", out var now));
        Assert.Null(now.Snapshot.StartTimeStamp);

        await stop.CancelAsync();
        try
        {
            await starting.WaitAsync(s_timeout, ct);
        }
        catch (OperationCanceledException)
        {
            // The start was still waiting for Management.
        }
    }

    /// <summary>The AppHost, its machine probe replaced before its model is built.</summary>
    private sealed class WithoutNode() : DistributedApplicationFactory(typeof(Projects.BuyList_AppHost), [$"--{InfrastructureExtensions.ModeKey}=Embedded"])
    {
        public TaskCompletionSource<DistributedApplication> Built { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override void OnBuilderCreated(DistributedApplicationBuilder applicationBuilder) =>
            applicationBuilder.Services.AddSingleton<MachineProbe>(new StubMachine(containerRuntimeProblem: null, nodeProblem: "'node' is not installed"));

        protected override void OnBuilt(DistributedApplication application) => Built.TrySetResult(application);
    }
}
