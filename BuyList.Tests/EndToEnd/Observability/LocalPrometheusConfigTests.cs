using System.Text.RegularExpressions;
using BuyList.AppHost.Hosting;
using BuyList.ServiceDefaults;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.EndToEnd.Observability;

/// <summary>
/// The configuration of the local Prometheus container (<c>--Prometheus:Enabled=true</c>) as Prometheus reads it: valid
/// for <c>promtool</c>, one scrape job per project reading the target file its start script writes. The container's
/// model is checked by <c>LocalPrometheusTests</c>.
/// </summary>
public sealed partial class LocalPrometheusConfigTests
{
    private static readonly string[] s_projects = ["facing", "management", "web"];

    private static string ConfigFile => RepoPaths.Combine("BuyList.AppHost", "prometheus", "prometheus.yml");

    /// <summary>
    /// Merges "the local scrape config is valid and reads one target file per project from start.sh" with "the local
    /// config loads the cluster's rules file": one rules file for both Prometheus servers, named at a path relative to
    /// the config that leads to the file in the repo (for promtool) and to where the AppHost mounts it in the container.
    /// </summary>
    [Fact]
    public async Task The_local_config_is_valid_reads_one_target_file_per_project_from_start_sh_and_loads_the_clusters_rules()
    {
        var check = await ProcessRunner.RunAsync(AlertRulesTests.Promtool(), ["check", "config", ConfigFile]);
        Assert.True(check.ExitCode == 0, check.Describe());
        Assert.Contains("SUCCESS: 1 rule files found", check.StandardOutput, StringComparison.Ordinal);

        var config = await File.ReadAllTextAsync(ConfigFile, TestContext.Current.CancellationToken);
        var jobs = ScrapeJob().Matches(config).ToDictionary(m => m.Groups["job"].Value, m => m.Groups["file"].Value);
        Assert.Equal(s_projects, jobs.Keys.Order());
        Assert.DoesNotContain("metrics_path", config, StringComparison.Ordinal); // Prometheus's default, /metrics, is ServiceDefaults' path.
        Assert.Equal("/metrics", ServiceDefaultsExtensions.MetricsPath);
        var script = await File.ReadAllTextAsync(RepoPaths.Combine("BuyList.AppHost", "prometheus", "start.sh"), TestContext.Current.CancellationToken);
        Assert.Contains("targets=/prometheus/targets", script, StringComparison.Ordinal);
        Assert.Contains($"{PrometheusHostingExtensions.TargetVariablePrefix}*)", script, StringComparison.Ordinal);
        Assert.Contains($"--config.file={PrometheusHostingExtensions.ConfigPath}/prometheus.yml", script, StringComparison.Ordinal);
        foreach (var project in s_projects)
        {
            Assert.Equal($"/prometheus/targets/{project}.json", jobs[project]);
        }

        var ruleFile = Assert.Single(RuleFiles().Matches(config)).Groups["file"].Value;
        Assert.Equal(AlertRulesTests.RulesFile, Path.GetFullPath(ruleFile, Path.GetDirectoryName(ConfigFile)!));
        Assert.Equal(PrometheusHostingExtensions.RulesPath, Path.GetFullPath(ruleFile, PrometheusHostingExtensions.ConfigPath));
    }

    [GeneratedRegex(@"rule_files:\s*\n\s*-\s*(?<file>\S+)")]
    private static partial Regex RuleFiles();

    [GeneratedRegex(@"job_name:\s*(?<job>\w+)\s+file_sd_configs:\s+-\s*files:\s*\[\s*'(?<file>[^']+)'\s*\]")]
    private static partial Regex ScrapeJob();
}
