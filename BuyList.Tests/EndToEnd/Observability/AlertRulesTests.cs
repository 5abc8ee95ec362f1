using BuyList.ServiceDefaults;

namespace BuyList.Tests.EndToEnd.Observability;

/// <summary>
/// BuyList's alerting and recording rules (<c>deploy/k8s/base/prometheus/rules.yml</c>) as Prometheus's own
/// <c>promtool</c> reads them, offline: valid, every alert seen firing and seen quiet in the unit tests next to this
/// class, each with a runbook section, and loaded by the cluster's Prometheus from its ConfigMap and by the local
/// Prometheus container (<c>--Prometheus:Enabled=true</c>) from its own configuration, also checked here; that
/// container's model is checked by <c>AppHostModelTests</c>, and <c>PrometheusScrapeTests</c> evaluates the rules against
/// the metrics the services really export.
/// </summary>
public sealed partial class AlertRulesTests
{
    internal static string RulesFile => RepoPaths.Combine("deploy", "k8s", "base", "prometheus", "rules.yml");

    private static readonly string[] s_unitTests =
    [
        RepoPaths.Combine("BuyList.Tests", "EndToEnd", "Observability", "rules.test.yml"),
        RepoPaths.Combine("BuyList.Tests", "EndToEnd", "Observability", "rules.slow-burn.test.yml"),
    ];

    private static readonly string[] s_projects = ["facing", "management", "web"];

    private static string LocalConfigFile => RepoPaths.Combine("BuyList.AppHost", "prometheus", "prometheus.yml");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// Merges three tests: the rules pass <c>promtool check rules</c>, every alert passes its promtool unit tests, and
    /// every alert is unit tested both firing and quiet (a unit test that only ever expects silence passes for a rule
    /// that can never fire, and the reverse).
    /// </summary>
    [Fact]
    public async Task The_rules_pass_promtool_check_rules_and_every_alert_its_unit_tests_which_see_it_both_firing_and_quiet()
    {
        var check = (await ProcessRunner.RunAsync(Promtool(), ["check", "rules", RulesFile])).Succeeded();
        (await ProcessRunner.RunAsync(Promtool(), ["test", "rules", .. s_unitTests])).Succeeded();

        Assert.Contains("SUCCESS", check.StandardOutput, StringComparison.Ordinal);
        var tests = string.Concat(await Task.WhenAll(s_unitTests.Select(f => File.ReadAllTextAsync(f, Token))));
        var cases = UnitTestCase().Matches(tests).Select(m => (Alert: m.Groups["alert"].Value, Quiet: m.Groups["quiet"].Success)).ToList();
        var alerts = await AlertNamesAsync();
        Assert.True(alerts.Count >= 12, $"Expected the rules to hold at least 12 alerts; found {alerts.Count}.");
        Assert.All(alerts, alert =>
        {
            Assert.True(cases.Contains((alert, false)), $"No unit test sees {alert} firing.");
            Assert.True(cases.Contains((alert, true)), $"No unit test sees {alert} quiet.");
        });
        Assert.All(cases, c => Assert.Contains(c.Alert, alerts));
    }

    /// <summary>
    /// Merges "every alert has a summary, a description and a runbook section in the observability docs" with "every
    /// cluster's Prometheus keeps the longest window an alert reads". Prometheus evaluates a window only over what it
    /// keeps: a retention shorter than an alert's window silently shortens the window (the slow burn's 3 days read as
    /// the last 6 hours), so every cluster's Prometheus keeps the longest window an alert reads, directly or through the
    /// recording rules it uses.
    /// </summary>
    [Fact]
    public async Task Every_alert_has_a_summary_a_description_and_a_runbook_section_and_every_clusters_prometheus_keeps_the_longest_window_an_alert_reads()
    {
        var rules = await File.ReadAllTextAsync(RulesFile, Token);
        var headings = (await File.ReadAllLinesAsync(RepoPaths.Combine("docs", "observability.md"), Token))
            .Where(l => l.StartsWith('#')).Select(l => l.TrimStart('#', ' ')).ToHashSet(StringComparer.Ordinal);

        var alerts = AlertRule().Matches(rules).ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, rule =>
        {
            var name = rule.Groups["name"].Value;
            var body = rule.Groups["body"].Value;
            Assert.True(body.Contains("summary:", StringComparison.Ordinal), $"{name} has no summary.");
            Assert.True(body.Contains("description:", StringComparison.Ordinal), $"{name} has no description.");
            Assert.True(body.Contains($"runbook_url: docs/observability.md#{name.ToLowerInvariant()}\n", StringComparison.Ordinal),
                $"{name}'s runbook_url should be docs/observability.md#{name.ToLowerInvariant()}.");
            Assert.True(headings.Contains(name), $"docs/observability.md has no runbook section '### {name}'.");
            Assert.Matches(@"severity: (critical|warning)\n", body);
        });

        var records = RecordingRuleExpression().Matches(rules).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["expr"].Value);
        var longest = alerts.Select(m => m.Groups["body"].Value)
            .SelectMany(body => MetricName().Matches(body).Select(n => records.GetValueOrDefault(n.Value)).OfType<string>().Append(body))
            .SelectMany(expression => RangeSelector().Matches(expression).Select(r => Duration(r.Groups["duration"].Value)))
            .Max();
        Assert.True(longest >= TimeSpan.FromDays(1), $"the longest window found is {longest}: the slow-burn alerts read days, so the rules were not read");

        foreach (var directory in (string[])[K8s.BaseDirectory, .. K8s.Overlays.Select(K8s.Overlay)])
        {
            var container = Assert.Single((await K8s.ObjectsAsync(directory)).Single("Deployment", "prometheus").Containers());
            var retention = container["args"]!.AsArray().Select(a => (string)a!)
                .Single(a => a.StartsWith("--storage.tsdb.retention.time=", StringComparison.Ordinal))["--storage.tsdb.retention.time=".Length..];
            Assert.True(Duration(retention) >= longest,
                $"{Path.GetRelativePath(RepoPaths.Root, directory)}: Prometheus keeps {retention}, less than the {longest.TotalHours} h an alert reads");
        }
    }

    /// <summary>
    /// The cluster's Prometheus reads prometheus.yml from the ConfigMap mounted at its config file's directory, and
    /// rules.yml next to it: promtool checks the rendered pair as mounted. Debian's promtool is built without
    /// Kubernetes service discovery, so the copy checked swaps the pod discovery for a static target; the relabelling,
    /// globals and the rule files are checked as they are.
    /// </summary>
    [Fact]
    public async Task The_clusters_prometheus_loads_the_rules_from_its_configmap()
    {
        var objects = await K8s.ObjectsAsync(K8s.BaseDirectory);
        var data = objects.Single("ConfigMap", "prometheus-config")["data"]!.AsObject();
        Assert.Equal(await File.ReadAllTextAsync(RulesFile, Token), (string)data["rules.yml"]!);
        var container = Assert.Single(objects.Single("Deployment", "prometheus").Containers());
        var configFile = container["args"]!.AsArray().Select(a => (string)a!)
            .Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..];
        var mount = K8s.Array(container["volumeMounts"]).Single(m => m.Text("name") == "config");
        Assert.Equal(Path.GetDirectoryName(configFile), mount.Text("mountPath"));

        using var directory = new ScratchDirectory("buylist-prometheus-config-");
        foreach (var (file, content) in data)
        {
            var text = (string)content!;
            if (file == "prometheus.yml")
            {
                var discovery = KubernetesDiscovery().Match(text);
                Assert.True(discovery.Success, "prometheus.yml should discover the pods with kubernetes_sd_configs.");
                text = text.Replace(discovery.Value, $"{discovery.Groups["indent"].Value}static_configs:\n{discovery.Groups["indent"].Value}  - targets: ['pod:8081']\n", StringComparison.Ordinal);
            }

            await File.WriteAllTextAsync(Path.Combine(directory.FullName, file), text, Token);
        }

        await CheckConfigLoadsTheRulesAsync(Path.Combine(directory.FullName, "prometheus.yml"));
    }

    /// <summary>
    /// The local Prometheus container's configuration as Prometheus reads it: valid for <c>promtool</c>, one scrape job
    /// per project reading the target file its start script writes. Merges "the local scrape config is valid and reads
    /// one target file per project from start.sh" with "the local config loads the cluster's rules file": one rules file
    /// for both Prometheus servers, named at a path relative to the config that leads to the file in the repo (for
    /// promtool) and to where the AppHost mounts it in the container.
    /// </summary>
    [Fact]
    public async Task The_local_config_is_valid_reads_one_target_file_per_project_from_start_sh_and_loads_the_clusters_rules()
    {
        await CheckConfigLoadsTheRulesAsync(LocalConfigFile);

        var config = await File.ReadAllTextAsync(LocalConfigFile, Token);
        var jobs = ScrapeJob().Matches(config).ToDictionary(m => m.Groups["job"].Value, m => m.Groups["file"].Value);
        Assert.Equal(s_projects, jobs.Keys.Order());
        Assert.DoesNotContain("metrics_path", config, StringComparison.Ordinal); // Prometheus's default, /metrics, is ServiceDefaults' path.
        Assert.Equal("/metrics", ServiceDefaultsExtensions.MetricsPath);
        var script = await File.ReadAllTextAsync(RepoPaths.Combine("BuyList.AppHost", "prometheus", "start.sh"), Token);
        Assert.Contains("targets=/prometheus/targets", script, StringComparison.Ordinal);
        Assert.Contains($"{PrometheusHostingExtensions.TargetVariablePrefix}*)", script, StringComparison.Ordinal);
        Assert.Contains($"--config.file={PrometheusHostingExtensions.ConfigPath}/prometheus.yml", script, StringComparison.Ordinal);
        foreach (var project in s_projects)
        {
            Assert.Equal($"/prometheus/targets/{project}.json", jobs[project]);
        }

        var ruleFile = Assert.Single(RuleFiles().Matches(config)).Groups["file"].Value;
        Assert.Equal(RulesFile, Path.GetFullPath(ruleFile, Path.GetDirectoryName(LocalConfigFile)!));
        Assert.Equal(PrometheusHostingExtensions.RulesPath, Path.GetFullPath(ruleFile, PrometheusHostingExtensions.ConfigPath));
    }

    /// <summary><c>promtool check config</c> passes <paramref name="config"/> and finds the one rules file it names.</summary>
    private static async Task CheckConfigLoadsTheRulesAsync(string config)
    {
        var result = (await ProcessRunner.RunAsync(Promtool(), ["check", "config", config])).Succeeded();
        Assert.Contains("SUCCESS: 1 rule files found", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>A Prometheus duration of one unit (5m, 6h, 3d), as the rules and the retention flag write them.</summary>
    private static TimeSpan Duration(string duration) => TimeSpan.FromSeconds(int.Parse(duration[..^1], CultureInfo.InvariantCulture) * duration[^1] switch
    {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86400,
        'w' => 7 * 86400,
        _ => throw new FormatException($"'{duration}' is not a duration of one unit"),
    });

    internal static string Promtool() => Requires.Tool("promtool", "apt-get install prometheus");

    /// <summary>The names of the alerts of rules.yml.</summary>
    internal static Task<IReadOnlyList<string>> AlertNamesAsync() => RuleNamesAsync(AlertRule());

    /// <summary>The names of the recording rules of rules.yml.</summary>
    internal static Task<IReadOnlyList<string>> RecordingRuleNamesAsync() => RuleNamesAsync(RecordingRuleExpression());

    private static async Task<IReadOnlyList<string>> RuleNamesAsync(Regex rule) =>
        [.. rule.Matches(await File.ReadAllTextAsync(RulesFile, Token)).Select(m => m.Groups["name"].Value)];

    // An alert rule: from "- alert: Name" to the next rule or group.
    [GeneratedRegex(@"- alert: (?<name>\w+)\n(?<body>(?:(?!\s*- (?:alert|record|name):).*\n)*)")]
    private static partial Regex AlertRule();

    [GeneratedRegex(@"- record: (?<name>\S+)\n\s*expr: (?<expr>.*)")]
    private static partial Regex RecordingRuleExpression();

    [GeneratedRegex(@"[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex MetricName();

    // A range selector or subquery window: [5m], [3d], [1h:5m].
    [GeneratedRegex(@"\[(?<duration>\d+[smhdw])(?::[^\]]*)?\]")]
    private static partial Regex RangeSelector();

    // A case of alert_rule_test: its alert, and whether it expects none ("exp_alerts: []").
    [GeneratedRegex(@"alertname: (?<alert>\w+)\n\s*exp_alerts:(?<quiet> \[\])?")]
    private static partial Regex UnitTestCase();

    [GeneratedRegex(@"(?<indent>[ ]*)kubernetes_sd_configs:\n(?:\k<indent>[ ]+.*\n)+")]
    private static partial Regex KubernetesDiscovery();

    [GeneratedRegex(@"rule_files:\s*\n\s*-\s*(?<file>\S+)")]
    private static partial Regex RuleFiles();

    [GeneratedRegex(@"job_name:\s*(?<job>\w+)\s+file_sd_configs:\s+-\s*files:\s*\[\s*'(?<file>[^']+)'\s*\]")]
    private static partial Regex ScrapeJob();
}
