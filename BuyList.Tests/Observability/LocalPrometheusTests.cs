using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BuyList.AppHost.Hosting;
using BuyList.ServiceDefaults;
using BuyList.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BuyList.Tests.Observability;

/// <summary>
/// "View metrics in Prometheus" under <c>dotnet run</c>: the AppHost adds a Prometheus container when asked
/// (<c>--Prometheus:Enabled=true</c>), whose configuration scrapes every project's <c>/metrics</c> on its launch port.
/// The container itself needs Docker or Podman, which this machine does not have: its model and configuration are
/// checked here, and the scraping itself by <see cref="PrometheusScrapeTests"/>.
/// </summary>
public sealed partial class LocalPrometheusTests : IAsyncDisposable
{
    private static readonly string[] s_projects = ["facing", "management", "web"];

    private DistributedApplication? _app;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_Prometheus_enabled_the_apphost_runs_a_prometheus_container_with_the_repo_config_on_port_9090()
    {
        var model = await BuildModelAsync("--Prometheus:Enabled=true");

        var prometheus = Assert.IsType<ContainerResource>(Assert.Single(model.Resources, r => r.Name == "prometheus"));
        Assert.True(prometheus.TryGetContainerImageName(out var image));
        Assert.Equal($"docker.io/{PrometheusHostingExtensions.Image}:{PrometheusHostingExtensions.Tag}", image);
        var mount = Assert.Single(prometheus.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal(RepoPaths.Combine("BuyList.AppHost", "prometheus"), Path.TrimEndingDirectorySeparator(Path.GetFullPath(mount.Source!)));
        Assert.Equal("/etc/prometheus", mount.Target);
        Assert.True(mount.IsReadOnly);
        var endpoint = Assert.Single(prometheus.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal((9090, 9090, "http"), (endpoint.Port, endpoint.TargetPort, endpoint.UriScheme));
        Assert.NotEmpty(prometheus.Annotations.OfType<HealthCheckAnnotation>());
        // A local convenience: not part of what is deployed.
        Assert.Contains(prometheus.Annotations.OfType<ManifestPublishingCallbackAnnotation>(), a => a.Callback is null);
    }

    [Fact]
    public async Task Without_the_switch_there_is_no_prometheus()
    {
        var model = await BuildModelAsync();

        Assert.DoesNotContain(model.Resources, r => r.Name == "prometheus");
    }

    [Fact]
    public async Task The_local_scrape_config_is_valid_and_targets_each_projects_metrics_on_its_launch_port()
    {
        var path = RepoPaths.Combine("BuyList.AppHost", "prometheus", "prometheus.yml");
        var promtool = Requires.Tool("promtool", "apt-get install prometheus");
        var check = await ProcessRunner.RunAsync(promtool, ["check", "config", path]);
        Assert.True(check.ExitCode == 0, check.Describe());

        var config = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        var jobs = ScrapeJob().Matches(config).ToDictionary(m => m.Groups["job"].Value, m => m.Groups["port"].Value);
        Assert.Equal(s_projects, jobs.Keys.Order());
        Assert.DoesNotContain("metrics_path", config, StringComparison.Ordinal); // Prometheus's default, /metrics, is ServiceDefaults' path.
        Assert.Equal("/metrics", ServiceDefaultsExtensions.MetricsPath);
        foreach (var project in s_projects)
        {
            Assert.Equal(LaunchPort(project), jobs[project]);
        }
    }

    private static string LaunchPort(string project)
    {
        var folder = "BuyList." + char.ToUpperInvariant(project[0]) + project[1..];
        var settings = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine(folder, "Properties", "launchSettings.json")))!;
        var url = (string)settings["profiles"]!["http"]!["applicationUrl"]!;
        return new Uri(url.Split(';')[0]).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<DistributedApplicationModel> BuildModelAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BuyList_AppHost>(args, TestContext.Current.CancellationToken);
        _app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        return _app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    [GeneratedRegex(@"job_name:\s*(?<job>\w+)\s+static_configs:\s+-\s*targets:\s*\[\s*'host\.docker\.internal:(?<port>\d+)'\s*\]")]
    private static partial Regex ScrapeJob();
}
