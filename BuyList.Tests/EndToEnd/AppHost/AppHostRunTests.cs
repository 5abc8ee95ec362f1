using System.Net.Sockets;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BuyList.Contracts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuyList.Tests.EndToEnd.AppHost;

/// <summary>
/// The whole data path under the AppHost, in Embedded mode as on a machine without Docker (see <see cref="AppHostRun"/>),
/// as a person uses it (<c>dotnet run --project BuyList.AppHost</c>): the AppHost injects Facing's address into the Web,
/// Facing publishes to the embedded Kafka, and Management stores into the embedded MongoDB. Each test starts the AppHost
/// once and checks everything that start can show; the last one on a machine without Node.js 20+ (stubbed through the
/// AppHost's machine probe).
/// </summary>
public sealed class AppHostRunTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Merges eight tests of one run: every resource healthy; the embedded Kafka has the topics Management is configured
    /// with; a purchase made on the page lands on the topic exactly once, is listed pending at once and as stored once
    /// Management has written it to the embedded MongoDB (on the page, after a reload, and through Facing's API); a bad
    /// body answered 400; the ops paths only on the ops endpoint; and the embedded Kafka stops listening when the
    /// AppHost is disposed.
    /// </summary>
    [Fact]
    public async Task Embedded_every_resource_is_healthy_kafka_has_managements_topics_a_purchase_on_the_page_lands_on_the_topic_once_and_is_listed_once_stored_bad_input_is_a_400_ops_paths_answer_on_the_ops_endpoint_only_and_kafka_stops_with_the_apphost()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var chromium = await Chromium.LaunchAsync();
        // Healthy means the AppHost's own check of /ready passed: it asks the ops endpoint.
        await using var run = await AppHostRun.StartAsync(["kafka", "mongodb", "management", "facing", "web"], ct);
        var bootstrap = await run.KafkaAsync(ct);
        // Healthy means created: the mock cluster cannot create topics on Management's request.
        var purchases = ContainerAppHost.ManagementPurchasesSettings();
        var topics = await ContainerAppHost.TopicsAsync(bootstrap, ct);
        Assert.Equal((int)purchases["Partitions"]!, topics[(string)purchases["Topic"]!]);
        Assert.Equal(PurchaseMessaging.DeadLetterPartitions, topics[(string)purchases["DeadLetterTopic"]!]);

        using var facing = await run.ClientAsync("facing", ct);
        var page = await chromium.OpenPageAsync(await run.UrlAsync("web", ct), Chromium.Desktop);
        var userId = $"apphost-{Guid.NewGuid():N}"[..24];

        await BuyAsync(page, userId, "9.99");

        var message = Assert.Single(await KafkaTopicReading.ReadAllAsync(bootstrap, PurchaseMessaging.Topic, atLeast: 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(userId, message.Message.Key);
        var published = PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(message.Message.Value));
        Assert.Equal(9.99m, published.Price);
        // Listed at once: pending until Management has stored it, then as stored.
        await Expect(page.Locator($"tr[data-purchase-id='{published.Id}']")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "apphost-purchase-desktop");

        await BuyAsync(page, userId, "1.01");

        // Stored by Management, listed through Facing, shown without a refresh.
        await Expect(page.Locator("tr.pending")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(page.Locator(".summary")).ToHaveTextAsync("2 purchases · $11.00 spent");
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("$1.01");
        await Chromium.ScreenshotAsync(page, "apphost-list-desktop");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show purchases" })).ToBeEnabledAsync();
        await page.Locator("#list-userid").FillAsync(userId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show purchases" }).ClickAsync();
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
        var stored = (await facing.GetFromJsonAsync<JsonArray>($"/getAllUserBuys/{userId}", ct))![^1]!;
        Assert.Equal((published.Id, "Ada", userId, 9.99m), ((string)stored["id"]!, (string)stored["username"]!, (string)stored["userid"]!, (decimal)stored["price"]!));

        using var refused = await facing.PostAsJsonAsync("/buy", new { username = "Ada", userid = userId, price = 0 }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.Content.ReadFromJsonAsync<JsonObject>(ct))!["errors"]!["price"]);

        using var operations = await run.ClientAsync("facing", ct, endpoint: "ops");
        Assert.NotEqual(facing.BaseAddress, operations.BaseAddress);
        foreach (var path in new[] { "/metrics", "/health", "/alive", "/ready" })
        {
            using var onPublic = await facing.GetAsync(path, ct);
            Assert.True(onPublic.StatusCode == HttpStatusCode.NotFound, $"{path} on the public endpoint: {(int)onPublic.StatusCode}");
            using var onOperations = await operations.GetAsync(path, ct);
            Assert.True(onOperations.StatusCode == HttpStatusCode.OK, $"{path} on the ops endpoint: {(int)onOperations.StatusCode}");
        }

        // The embedded servers say what they are, so nobody mistakes them for the real ones.
        Assert.Equal(EmbeddedKafkaHostingExtensions.ResourceType, Snapshot(run, "kafka").ResourceType);
        Assert.All(new[] { "kafka", "mongodb" }, name => Assert.StartsWith("Embedded, in memory (Infrastructure:Mode=Embedded)",
            (string)Snapshot(run, name).Properties.Single(p => p.Name == EmbeddedKafkaHostingExtensions.InfrastructureProperty).Value!, StringComparison.Ordinal));

        var broker = IPEndPoint.Parse(bootstrap.Split(',')[0]);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(broker, ct);
        }

        await run.DisposeAsync();

        // The mock cluster is disposed with the AppHost's services, not left listening in the process.
        using var after = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(async () => await after.ConnectAsync(broker, ct));
    }

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

    private static async Task BuyAsync(IPage page, string userId, string price)
    {
        await Chromium.SubmitPurchaseAsync(page, "Ada", userId, price);
        await Expect(page.Locator(".confirmation-text")).ToHaveTextAsync($"Purchase recorded: ${price}");
    }

    private static CustomResourceSnapshot Snapshot(AppHostRun run, string resource) =>
        run.App.ResourceNotifications.TryGetCurrentState(resource, out var state) ? state.Snapshot : throw new InvalidOperationException($"No state for {resource}");
}
