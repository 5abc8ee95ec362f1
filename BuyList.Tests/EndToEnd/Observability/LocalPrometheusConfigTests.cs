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

    [Fact]
    public async Task The_local_scrape_config_is_valid_and_reads_one_target_file_per_project_from_start_sh()
    {
        var promtool = Requires.Tool("promtool", "apt-get install prometheus");
        var check = await ProcessRunner.RunAsync(promtool, ["check", "config", ConfigFile]);
        Assert.True(check.ExitCode == 0, check.Describe());

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
    }

    [GeneratedRegex(@"job_name:\s*(?<job>\w+)\s+file_sd_configs:\s+-\s*files:\s*\[\s*'(?<file>[^']+)'\s*\]")]
    private static partial Regex ScrapeJob();

}
