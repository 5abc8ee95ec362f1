using Aspire.Hosting.Testing;

namespace BuyList.Tests.EndToEnd.AppHost;

/// <summary>
/// The AppHost with its real containers (<c>apache/kafka</c>, <c>mongo</c>, <c>prom/prometheus</c>), as a developer with
/// Docker runs it. They need a healthy Docker engine: skipped without one (here), run by GitHub's container job
/// (<c>--filter Category=Containers</c>, where a missing engine fails them).
/// </summary>
[Trait("Category", Requires.ContainersCategory)]
public sealed class ContainerRunTests(ContainerAppHost host) : IClassFixture<ContainerAppHost>
{
    [Fact]
    public async Task A_purchase_made_through_facing_is_stored_in_the_mongodb_container_and_listed_back()
    {
        Requires.Docker();
        var ct = TestContext.Current.CancellationToken;
        var app = await host.AppAsync();
        using var facing = app.CreateHttpClient("facing", "http");
        var userId = $"containers-{Guid.NewGuid():N}"[..24];

        using var response = await facing.PostAsJsonAsync("/buy", new { username = "Ada Lovelace", userid = userId, price = 12.5m }, ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["purchase"]!["id"]!;
        var list = await Eventually.ReturnsAsync(async () => (await facing.GetFromJsonAsync<JsonArray>($"/getAllUserBuys/{userId}", ct))!,
            l => l.Count > 0, "the purchase is listed back", interval: TimeSpan.FromMilliseconds(500), describe: l => l.ToJsonString());

        var stored = Assert.Single(list)!;
        Assert.Equal((id, "Ada Lovelace", userId, 12.5m), ((string)stored["id"]!, (string)stored["username"]!, (string)stored["userid"]!, (decimal)stored["price"]!));
    }

    [Fact]
    public async Task Management_creates_the_topics_in_the_kafka_container_with_the_configured_partitions()
    {
        Requires.Docker();
        var app = await host.AppAsync();
        var settings = ContainerAppHost.ManagementPurchasesSettings();

        var topics = await ContainerAppHost.TopicsAsync(app, TestContext.Current.CancellationToken);

        // The broker's own default is one partition: six means Management created the topic.
        var partitions = int.Parse(settings["Partitions"]!.ToString(), CultureInfo.InvariantCulture);
        Assert.True(partitions > 1, "the configured partition count must differ from the broker's default to tell who created the topic");
        Assert.Equal(partitions, topics[(string)settings["Topic"]!]);
        Assert.Equal(1, topics[(string)settings["DeadLetterTopic"]!]);
    }

    /// <summary>
    /// Merges "the local Prometheus container scrapes every project" with "it evaluates every alert of the rules file"
    /// (the cluster's, mounted where the local prometheus.yml names it).
    /// </summary>
    [Fact]
    public async Task The_local_prometheus_container_scrapes_every_project_and_evaluates_every_alert_of_the_rules_file()
    {
        Requires.Docker();
        var ct = TestContext.Current.CancellationToken;
        var app = await host.AppAsync();
        using var prometheus = app.CreateHttpClient("prometheus", "http");
        var alerts = await Observability.AlertRulesTests.AlertNamesAsync();

        await Eventually.ReturnsAsync(async () =>
        {
            var targets = await prometheus.GetFromJsonAsync<JsonObject>("/api/v1/targets?state=active", ct);
            return targets!["data"]!["activeTargets"]!.AsArray()
                .ToDictionary(t => (string)t!["labels"]!["job"]!, t => $"{t!["health"]} {t["scrapeUrl"]} {t["lastError"]}");
        }, health => new[] { "facing", "management", "web" }.All(job => health.TryGetValue(job, out var h) && h.StartsWith("up ", StringComparison.Ordinal)),
            "Prometheus scrapes every project", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(2),
            health => string.Join('\n', health.Select(h => $"{h.Key}: {h.Value}")));
        await Eventually.ReturnsAsync(async () =>
        {
            var rules = await prometheus.GetFromJsonAsync<JsonObject>("/api/v1/rules?type=alert", ct);
            return rules!["data"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray())
                .ToDictionary(r => (string)r!["name"]!, r => (string?)r!["health"]);
        }, loaded => alerts.All(a => loaded.GetValueOrDefault(a) == "ok"),
            "Prometheus evaluates every alert of rules.yml", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(2),
            loaded => string.Join(", ", loaded.Select(r => $"{r.Key}: {r.Value}")));
    }
}
