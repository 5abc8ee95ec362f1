using System.Diagnostics;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) on loopback, scraping the given targets every second and evaluating
/// BuyList's rules (<c>deploy/k8s/base/prometheus/rules.yml</c>) every second, queried through its HTTP API.
/// </summary>
internal sealed class PrometheusServer(BuiltApp process, DirectoryInfo directory, Uri address) : IAsyncDisposable
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Starts Prometheus with one job per entry of <paramref name="targets"/> (job name -> host:port).</summary>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyDictionary<string, string> targets, CancellationToken cancellationToken)
    {
        var binary = Requires.Tool("prometheus", "apt-get install prometheus");
        var directory = Directory.CreateTempSubdirectory("buylist-prometheus-");
        var jobs = string.Concat(targets.Select(t => $"""
              - job_name: {t.Key}
                metrics_path: /metrics
                static_configs:
                  - targets: ['{t.Value}']

            """));
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - '{RepoPaths.Combine("deploy", "k8s", "base", "prometheus", "rules.yml")}'
            scrape_configs:
            {jobs}
            """, cancellationToken);

        var address = Loopback.FreeAddress();
        var process = BuiltApp.Start("Prometheus", new ProcessStartInfo(binary,
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}", $"--web.listen-address={address.Authority}"]));
        var server = new PrometheusServer(process, directory, address);
        try
        {
            await process.WaitUntilAnswersAsync(new Uri(address, "-/ready"), TimeSpan.FromSeconds(30), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until every target has been scraped successfully.</summary>
    public Task WaitForTargetsUpAsync(int count, CancellationToken cancellationToken) =>
        Eventually.ReturnsAsync(() => QueryAsync("up == 1", cancellationToken), up => up.Count >= count,
            $"Prometheus has scraped all {count} targets", TimeSpan.FromSeconds(60), s_pollInterval, up => $"{up.Count} up");

    /// <summary>Runs an instant PromQL query; returns each series' labels and value.</summary>
    public async Task<IReadOnlyList<(JsonObject Labels, double Value)>> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        var json = await _http.GetStringAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}", cancellationToken);
        var root = JsonNode.Parse(json)!;
        if ((string?)root["status"] != "success")
        {
            throw new InvalidOperationException($"Prometheus query '{promql}' failed: {json}");
        }

        return root["data"]!["result"]!.AsArray()
            .Select(r => (r!["metric"]!.AsObject(), double.Parse((string)r["value"]![1]!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>Polls until the query's first value satisfies <paramref name="accept"/>; returns that value.</summary>
    public async Task<double> WaitForValueAsync(string promql, Func<double, bool> accept, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await Eventually.ReturnsAsync(() => QueryAsync(promql, cancellationToken), r => r.Count > 0 && accept(r[0].Value),
            $"'{promql}' has the expected value", timeout, s_pollInterval,
            r => r.Count > 0 ? r[0].Value.ToString(CultureInfo.InvariantCulture) : "no data");
        return result[0].Value;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await process.DisposeAsync();
        directory.Delete(recursive: true);
    }
}
