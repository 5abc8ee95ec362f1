using System.Text;
using BuyList.Contracts;
using Confluent.Kafka;

namespace BuyList.Tests.EndToEnd.Observability;

/// <summary>
/// Debian's real Prometheus scrapes <c>/metrics</c> of Facing (its built program, in a process of its own) and of
/// Management (in-process on a loopback Kestrel port) while both run against the Kafka mock broker; the assertions
/// are PromQL through Prometheus's HTTP API, including every query the observability docs give a user.
/// Management stores into <see cref="FakePurchaseStore"/> (same first-write-wins upsert by id) because there is no
/// MongoDB server here; the consumer, its commits, its metrics and its endpoint are the real ones.
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed partial class PrometheusScrapeTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(90);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_scrapes_purchase_counters_request_rate_latency_end_to_end_duration_and_lag_from_facing_and_management()
    {
        using var cluster = KafkaTestKit.PurchaseCluster();
        var store = new FakePurchaseStore();
        await using var management = new ManagementFactory(cluster.BootstrapServers, store);
        var managementAddress = management.StartOnKestrel();
        var facingAddress = Loopback.FreeAddress();
        await using var facing = await BuiltApp.StartFacingAsync(cluster.BootstrapServers, managementAddress, facingAddress, cancellationToken: Token);
        await using var prometheus = await PrometheusServer.StartAsync(new Dictionary<string, string>
        {
            ["facing"] = facingAddress.Authority,
            ["management"] = managementAddress.Authority,
        }, Token);
        await prometheus.WaitForTargetsUpAsync(2, Token);
        using var http = new HttpClient { BaseAddress = facingAddress };

        // Two waves, each seen by a scrape, so the counters grow between samples and rate() has something to show.
        var first = await BuyAsync(http, 3);
        await BuyAsync(http, 2, refused: true);
        await WaitForAsync(prometheus, "sum(buylist_purchases_accepted_total{job=\"facing\"})", 3);
        await WaitForAsync(prometheus, "sum(buylist_purchases_stored_total{job=\"management\"})", 3);

        await BuyAsync(http, 3);
        await BuyAsync(http, 1, refused: true);
        // A client retrying with the same Idempotency-Key: accepted again, stored once, counted as a duplicate.
        await BuyAsync(http, 1, retry: first[0]);
        // A message no version of the contract reads: dead-lettered, not stored.
        await KafkaTestKit.ProduceAsync(cluster, [new Message<string, byte[]> { Key = "poison", Value = Encoding.UTF8.GetBytes("not json") }]);

        using (var listing = await http.GetAsync($"/getAllUserBuys/{Uri.EscapeDataString(store.Purchases[0].UserId)}", Token))
        {
            Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        }

        await WaitForAsync(prometheus, "sum(buylist_purchases_accepted_total{job=\"facing\"})", 7);
        await WaitForAsync(prometheus, "sum(buylist_purchases_rejected_total{job=\"facing\",reason=\"validation\"})", 3);
        await WaitForAsync(prometheus, "sum(buylist_purchases_stored_total{job=\"management\"})", 6);
        await WaitForAsync(prometheus, "sum(buylist_purchases_duplicates_total{job=\"management\"})", 1);
        await WaitForAsync(prometheus, "sum(buylist_purchases_dead_lettered_total{job=\"management\",error_type=\"unreadable\"})", 1);
        Assert.Equal(6, store.Purchases.Count);

        // Facing's requests as the HTTP server instrumentation counts them: 7 created, 3 refused, and its call to Management.
        await WaitForAsync(prometheus, "sum(http_server_request_duration_seconds_count{job=\"facing\",http_route=\"/buy\",http_response_status_code=\"201\"})", 7);
        await WaitForAsync(prometheus, "sum(http_server_request_duration_seconds_count{job=\"facing\",http_route=\"/buy\",http_response_status_code=\"400\"})", 3);
        await WaitForAsync(prometheus, "sum(http_client_request_duration_seconds_count{job=\"facing\",http_response_status_code=\"200\"})", 1);
        await WaitForAsync(prometheus, "sum(http_server_request_duration_seconds_count{job=\"management\",http_route=\"/purchases/{userid}\"})", 1);
        await WaitForAsync(prometheus, "sum(buylist_purchase_publish_duration_seconds_count{job=\"facing\",outcome=\"persisted\"})", 7);
        await WaitForAsync(prometheus, "sum(buylist_consumer_batch_size_sum{job=\"management\"})", 8);
        Assert.True(await prometheus.WaitForValueAsync("sum(buylist_consumer_batch_write_duration_seconds_count{job=\"management\"})", v => v >= 1, s_wait, Token) >= 1);

        // The request rate the README and the autoscaler read.
        Assert.True(await prometheus.WaitForValueAsync(
            "sum(rate(http_server_request_duration_seconds_count{job=\"facing\",http_route=\"/buy\",http_request_method=\"POST\"}[1m]))",
            v => v > 0, s_wait, Token) > 0);

        // Runtime and process metrics of both.
        foreach (var metric in new[] { "process_cpu_time_seconds_total", "process_memory_usage_bytes", "dotnet_gc_collections_total", "dotnet_process_memory_working_set_bytes" })
        {
            Assert.Equal(["facing", "management"], (await prometheus.QueryAsync(metric, Token)).Select(r => (string)r.Labels["job"]!).Distinct().Order());
        }

        // Every query of the observability docs and of the Grafana dashboard runs and returns data a user would see.
        foreach (var (title, promql) in DocumentedQueries().Concat(GrafanaQueries()))
        {
            await WaitForSeriesAsync(prometheus, promql, result => result.Any(r => !double.IsNaN(r.Value)), $"'{title}' ({promql}) returns a number");
        }

        // The rules read the series the services really export: every recording rule has a value (the latency SLO's
        // le="0.1" bucket among them), and the poison message above fires the dead-letter alert.
        foreach (var rule in await AlertRulesTests.RecordingRuleNamesAsync())
        {
            await WaitForSeriesAsync(prometheus, rule, result => result.All(r => !double.IsNaN(r.Value)), $"the recording rule {rule} is a number");
        }

        Assert.Equal(1, await prometheus.WaitForValueAsync("sum(ALERTS{alertname=\"BuyListDeadLetters\",alertstate=\"firing\",error_type=\"unreadable\"})", v => v == 1, s_wait, Token));

        // The series names the docs list are the ones the services expose.
        var scraped = (await prometheus.QueryAsync("count by (__name__) ({job=~\"facing|management\"})", Token))
            .Select(r => (string)r.Labels["__name__"]!).ToHashSet(StringComparer.Ordinal);
        // The unreadable-document count comes from the MongoDB store, which this run replaces with a fake: the store's
        // own tests (MongoPurchaseStoreTests) check that count.
        Assert.All(DocumentedSeriesNames().Except(["buylist_purchases_unreadable_total"]), name => Assert.True(scraped.Contains(name),
            $"docs/observability.md lists {name}, which is not scraped from Facing or Management. Scraped: {string.Join(", ", scraped.Order())}"));

        Assert.True(await prometheus.WaitForValueAsync(P99LatencyOfBuy, v => v > 0 && !double.IsInfinity(v), s_wait, Token) > 0);
        Assert.True(await prometheus.WaitForValueAsync(EndToEndP99, v => v > 0 && !double.IsInfinity(v), s_wait, Token) > 0);
        Assert.Equal(0, await prometheus.WaitForValueAsync(ErrorRate, v => v == 0, s_wait, Token));

        // Is the consumer keeping up? Lag is reported per partition and is 0 once everything is stored and committed...
        Assert.Equal(0, await prometheus.WaitForValueAsync("sum(buylist_consumer_lag{job=\"management\"})", v => v == 0, s_wait, Token));
        var partitions = await prometheus.QueryAsync("buylist_consumer_lag{job=\"management\",messaging_destination_name=\"purchases\"}", Token);
        Assert.NotEmpty(partitions);
        Assert.All(partitions, p => Assert.InRange(int.Parse((string)p.Labels["messaging_destination_partition_id"]!, CultureInfo.InvariantCulture), 0, 5));

        // ...rises while the store is down (nothing stored, nothing committed)...
        store.Fail(new TimeoutException("MongoDB is down (test)."));
        await BuyAsync(http, 2);
        await WaitForAsync(prometheus, "sum(buylist_consumer_lag{job=\"management\"})", 2);

        // ...and drains back to 0 once it is back.
        store.Heal();
        await WaitForAsync(prometheus, "sum(buylist_purchases_stored_total{job=\"management\"})", 8);
        Assert.Equal(0, await prometheus.WaitForValueAsync("sum(buylist_consumer_lag{job=\"management\"})", v => v == 0, s_wait, Token));
    }

    private const string P99LatencyOfBuy =
        "histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{http_route=\"/buy\"}[5m])))";

    private const string EndToEndP99 =
        "histogram_quantile(0.99, sum by (le) (rate(buylist_purchase_end_to_end_duration_seconds_bucket[5m])))";

    private const string ErrorRate =
        "(sum(rate(http_server_request_duration_seconds_count{http_route=~\"/buy|/getAllUserBuys/.*\",http_response_status_code=~\"5..\"}[5m])) or vector(0))"
        + " / sum(rate(http_server_request_duration_seconds_count{http_route=~\"/buy|/getAllUserBuys/.*\"}[5m]))";

    /// <summary>The <c>```promql</c> blocks of docs/observability.md, each with the file as its title.</summary>
    private static IReadOnlyList<(string Title, string PromQl)> DocumentedQueries()
    {
        var queries = PromQlBlock().Matches(File.ReadAllText(RepoPaths.Combine("docs", "observability.md")))
            .Select(m => ("docs/observability.md", m.Groups["promql"].Value.Trim())).ToList();
        Assert.True(queries.Count >= 5, "docs/observability.md should give the PromQL for request rate, error rate, p99 latency, end-to-end p99 and lag.");
        return queries;
    }

    /// <summary>
    /// The Prometheus names in the "Prometheus series" columns of the docs' metric tables (what is in parentheses is
    /// labels; <c>_sum</c>-style suffixes and wildcards are left out).
    /// </summary>
    private static IReadOnlyList<string> DocumentedSeriesNames()
    {
        var names = new List<string>();
        var column = -1;
        foreach (var line in File.ReadLines(RepoPaths.Combine("docs", "observability.md")).SkipWhile(l => l != "## Metrics").TakeWhile(l => l != "## PromQL"))
        {
            var cells = line.Split('|');
            if (!line.StartsWith('|') || column < 0)
            {
                // A table's first row names the column; a line that is not a table row ends the table.
                column = line.StartsWith('|') ? Array.FindIndex(cells, c => c.Trim().StartsWith("Prometheus series", StringComparison.Ordinal)) : -1;
            }
            else if (column < cells.Length && !line.StartsWith("| ---", StringComparison.Ordinal))
            {
                var series = Regex.Replace(cells[column], @"\([^)]*\)", "");
                names.AddRange(Regex.Matches(series, "`([a-z][a-z0-9_]*)`").Select(m => m.Groups[1].Value));
            }
        }

        Assert.True(names.Count >= 20, $"Expected the docs' metric tables to list the series; found {names.Count}.");
        return names;
    }

    /// <summary>The queries of deploy/grafana/buylist-dashboard.json, each with its panel's title.</summary>
    private static IReadOnlyList<(string Title, string PromQl)> GrafanaQueries()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("deploy", "grafana", "buylist-dashboard.json")))!;
        return [.. dashboard["panels"]!.AsArray().SelectMany(panel => panel!["targets"]!.AsArray()
            .Select(target => ((string)panel["title"]!, (string)target!["expr"]!)))];
    }

    /// <summary>
    /// Buys <paramref name="count"/> purchases of new users, each with a key of its own, or retries <paramref name="retry"/>;
    /// or, <paramref name="refused"/>, sends as many that Facing refuses (a blank username, a price of 0).
    /// </summary>
    private static async Task<List<(string UserId, string Key)>> BuyAsync(HttpClient http, int count, (string UserId, string Key)? retry = null, bool refused = false)
    {
        var sent = new List<(string UserId, string Key)>();
        for (var i = 0; i < count; i++)
        {
            var (userId, key) = retry ?? ($"prom-{Guid.NewGuid():N}"[..20], Guid.NewGuid().ToString());
            using var response = await http.PostBuyAsync(new { username = refused ? "" : "Ada", userid = userId, price = refused ? 0 : 9.99m },
                (PurchaseHttpHeaders.IdempotencyKey, key));
            Assert.Equal(refused ? HttpStatusCode.BadRequest : HttpStatusCode.Created, response.StatusCode);
            sent.Add((userId, key));
        }

        return sent;
    }

    private static async Task WaitForAsync(PrometheusServer prometheus, string promql, double expected) =>
        Assert.Equal(expected, await prometheus.WaitForValueAsync(promql, v => v == expected, s_wait, Token));

    /// <summary>
    /// Waits until <paramref name="promql"/> returns series that hold <paramref name="numbers"/>: a ratio of rates is
    /// NaN (0/0) until its counters have grown between two scrapes, and a recording rule follows a second later.
    /// </summary>
    private static Task WaitForSeriesAsync(PrometheusServer prometheus, string promql,
        Func<IReadOnlyList<(JsonObject Labels, double Value)>, bool> numbers, string what) =>
        Eventually.ReturnsAsync(() => prometheus.QueryAsync(promql, Token), result => result.Count > 0 && numbers(result), what,
            s_wait, TimeSpan.FromMilliseconds(500), result => result.Count == 0 ? "no series" : "only NaN");

    // A ```promql block up to its closing fence.
    [GeneratedRegex(@"^[ \t]*```promql[ \t]*\n(?<promql>(?:(?!```).*\n)*)```", RegexOptions.Multiline)]
    private static partial Regex PromQlBlock();
}
