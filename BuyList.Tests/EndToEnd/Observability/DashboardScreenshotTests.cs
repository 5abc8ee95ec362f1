using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuyList.Tests.EndToEnd.Observability;

/// <summary>
/// What a person sees under <c>dotnet run --project BuyList.AppHost</c> on a machine without Docker: the built AppHost
/// with its dashboard (no login: anonymous access, plain HTTP), the projects it starts, Kafka and MongoDB embedded
/// (<c>Infrastructure:Mode=Embedded</c>, as Auto chooses here). A purchase made on the page shows in the dashboard as
/// one trace, from the click through Facing and the Kafka publish to Management's MongoDB write; screenshots of the
/// resources and of the trace go to the test output's <c>screenshots</c> folder (and BUYLIST_SCREENSHOT_DIR).
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed partial class DashboardScreenshotTests
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_purchase_on_the_page_shows_in_the_dashboard_as_one_trace_through_facing_and_kafka_to_the_mongodb_write()
    {
        Requires.MongoEmulatorInstalled();
        await using var chromium = await Chromium.LaunchAsync();
        await using var appHost = BuiltApp.Start("BuyList.AppHost",
        [
            $"--{InfrastructureExtensions.ModeKey}=Embedded",
            // Free ports for the dashboard and the projects, as Aspire.Hosting.Testing does: tests may run side by side.
            "--DcpPublisher:RandomizePorts=true",
        ], new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = Loopback.FreeAddress().ToString(),
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = Loopback.FreeAddress().ToString(),
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
        });
        var dashboard = new Uri(await appHost.WaitForOutputAsync(DashboardUrl(), s_startTimeout));
        var page = await chromium.NewPageAsync(Chromium.Desktop);

        // The resources page lists what runs and where: the web's address comes from there.
        var webRow = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText("web", new() { Exact = true }) });
        var webLink = webRow.Locator("a[href^='http']").First;
        await OpenUntilVisibleAsync(page, dashboard, webLink);
        var web = new Uri((await webLink.GetAttributeAsync("href"))!);
        // The public endpoint serves the page; its health endpoints answer on the ops port only.
        await appHost.WaitUntilAnswersAsync(web, s_startTimeout, Token);
        // "Running" alone once healthy ("Running (Unhealthy)" before).
        await Expect(webRow.GetByText("Running", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = (float)s_startTimeout.TotalMilliseconds });
        // The embedded servers say what they are, so nobody takes them for the real ones.
        await Expect(page.GetByText("bootstrap (mock cluster, in memory)")).ToBeVisibleAsync();
        await Expect(page.GetByText("MongoDB emulator (in memory, not MongoDB)")).ToBeVisibleAsync();
        await DismissBannersAsync(page);
        await Chromium.ScreenshotAsync(page, "dashboard-resources");

        var shop = await chromium.OpenPageAsync(web, Chromium.Desktop);
        await Chromium.SubmitPurchaseAsync(shop, "Ada", $"dash-{Guid.NewGuid():N}"[..20], "4.20");
        await Expect(shop.Locator(".confirmation-text")).ToHaveTextAsync("Purchase recorded: $4.20");

        // The dashboard has the purchase as one trace: the click, Web's call, Facing's request, the publish, Management's
        // processing and its MongoDB write.
        // Waited for until every span asserted below is there: the command span ("update") can be exported before its parents.
        var trace = await WaitForTraceAsync(dashboard, spans => spans.Any(s => s.Name == "send purchases") && spans.Any(s => s.Name.StartsWith("Event ", StringComparison.Ordinal))
            && spans.Any(s => s.Name == "process purchases") && spans.Any(s => s.Name == "update buylist.purchases"));
        var click = Assert.Single(trace, s => s.Service == "web" && s.Name.StartsWith("Event onsubmit", StringComparison.Ordinal));
        Assert.True(string.IsNullOrEmpty(click.ParentSpanId), "The click starts the trace.");
        var call = Assert.Single(trace, s => s.Service == "web" && s.Name == "POST");
        Assert.Equal(click.SpanId, call.ParentSpanId);
        var request = Assert.Single(trace, s => s.Service == "facing" && s.Name == "POST /buy");
        Assert.Equal(call.SpanId, request.ParentSpanId);
        var publish = Assert.Single(trace, s => s.Service == "facing" && s.Name == "send purchases");
        Assert.Equal(request.SpanId, publish.ParentSpanId);
        var process = Assert.Single(trace, s => s.Service == "management" && s.Name == "process purchases");
        // MongoDB.Driver's operation span ("update <database>.<collection>"), with its command span ("update") below it.
        var write = Assert.Single(trace, s => s.Service == "management" && s.Name == "update buylist.purchases");
        Assert.Equal(process.SpanId, write.ParentSpanId);
        Assert.Single(trace, s => s.Service == "management" && s.Name == "update" && s.ParentSpanId == write.SpanId);

        await page.GotoAsync(new Uri(dashboard, $"/traces/detail/{click.TraceId}").ToString());
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "web: Event onsubmit" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "web: HTTP POST" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "facing: POST /buy" })).ToBeVisibleAsync();
        var publishRow = page.GetByRole(AriaRole.Row, new() { Name = "facing: MSG kafka purchases" });
        await Expect(publishRow).ToBeVisibleAsync();
        // The publish span's details: its name and messaging attributes, as a person opens them.
        await publishRow.GetByRole(AriaRole.Gridcell).First.ClickAsync();
        await Expect(page.GetByText("send purchases").First).ToBeVisibleAsync();
        await DismissBannersAsync(page);
        await Chromium.ScreenshotAsync(page, "dashboard-trace");
    }

    /// <summary>
    /// Closes the banners about this run's setup (no development certificate, anonymous access), which a developer
    /// with a certificate and the login token does not get, so the screenshots show the page itself.
    /// </summary>
    private static async Task DismissBannersAsync(IPage page)
    {
        var dismiss = page.Locator("[aria-label='Dismiss notification']");
        await Eventually.ReturnsAsync(async () =>
        {
            var left = await dismiss.CountAsync();
            if (left > 0)
            {
                try
                {
                    await dismiss.First.ClickAsync(new() { Timeout = 2_000 });
                }
                catch (TimeoutException)
                {
                    // The banners were re-rendered meanwhile: look again.
                }
            }

            return left;
        }, left => left == 0, "the dashboard's banners are dismissed", TimeSpan.FromSeconds(30), TimeSpan.Zero, left => $"{left} banners");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    private sealed record Span(string TraceId, string Service, string Name, string SpanId, string? ParentSpanId);

    /// <summary>
    /// Opens the dashboard until <paramref name="locator"/> shows. A page opened while the AppHost is still starting
    /// can lose its live connection ("An unhandled error has occurred", no resources) and never recover: load it again.
    /// </summary>
    private static Task OpenUntilVisibleAsync(IPage page, Uri dashboard, ILocator locator) =>
        Eventually.ReturnsAsync(async () =>
        {
            await page.GotoAsync(dashboard.ToString());
            try
            {
                await Expect(locator).ToBeVisibleAsync(new() { Timeout = 20_000 });
                return "shown";
            }
            catch (PlaywrightException ex)
            {
                return ex.Message; // not there yet, or the page's connection broke: reload
            }
        }, shown => shown == "shown", "the dashboard shows the resources", s_startTimeout, TimeSpan.Zero);

    /// <summary>
    /// Polls the dashboard's telemetry API (OTLP JSON; open, as the dashboard allows anonymous access) until one trace
    /// satisfies <paramref name="complete"/>; returns its spans.
    /// </summary>
    private static async Task<IReadOnlyList<Span>> WaitForTraceAsync(Uri dashboard, Func<IReadOnlyList<Span>, bool> complete)
    {
        using var http = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(10) };
        var json = await Eventually.ReturnsAsync(() => http.GetStringAsync("/api/telemetry/traces", Token), json => Traces(json).Any(complete),
            "the dashboard has the purchase's trace", interval: TimeSpan.FromMilliseconds(500), describe: json => json[..Math.Min(json.Length, 4000)]);
        var trace = Traces(json).First(complete);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', trace.Select(s => $"{s.Service}: {s.Name} {s.SpanId} <- {s.ParentSpanId}")));
        return trace;
    }

    /// <summary>The spans of an OTLP JSON answer, grouped by trace.</summary>
    private static IEnumerable<IReadOnlyList<Span>> Traces(string json) =>
        from resource in JsonNode.Parse(json)!["data"]!["resourceSpans"]!.AsArray()
        let service = resource!["resource"]?["attributes"]?.AsArray()
            .FirstOrDefault(a => (string?)a!["key"] == "service.name")?["value"]?["stringValue"]?.GetValue<string>() ?? "?"
        from scope in resource["scopeSpans"]!.AsArray()
        from span in scope!["spans"]!.AsArray()
        group new Span((string)span!["traceId"]!, service, (string)span["name"]!, (string)span["spanId"]!, (string?)span["parentSpanId"])
            by (string)span["traceId"]! into trace
        select (IReadOnlyList<Span>)[.. trace];

    [GeneratedRegex(@"Dashboard:\s+(http://\S+)")]
    private static partial Regex DashboardUrl();
}
