using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using BuyList.AppHost.Hosting;
using BuyList.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BuyList.Tests.Component.AppHost;

/// <summary>
/// "View metrics in Prometheus" under <c>dotnet run</c>: the AppHost adds a Prometheus container when asked
/// (<c>--Prometheus:Enabled=true</c>) that scrapes every project's <c>/metrics</c> at the address Aspire gives the
/// container for the project's endpoint. The container itself needs Docker or Podman, which this machine does not
/// have: its model is checked here, its configuration and start script by <c>LocalPrometheusConfigTests</c>, the scraping by
/// <c>PrometheusScrapeTests</c>, and the container scraping the projects on Docker Engine for Linux by
/// <c>ContainerRunTests</c> in GitHub's container job.
/// </summary>
public sealed class LocalPrometheusTests : IAsyncDisposable
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
        var mounts = prometheus.Annotations.OfType<ContainerMountAnnotation>().ToDictionary(m => m.Target, m => m);
        Assert.Equal([PrometheusHostingExtensions.RulesPath, PrometheusHostingExtensions.ConfigPath], mounts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(RepoPaths.Combine("BuyList.AppHost", "prometheus"), Path.TrimEndingDirectorySeparator(Path.GetFullPath(mounts[PrometheusHostingExtensions.ConfigPath].Source!)));
        // The cluster's rules file itself, not a copy (prometheus.yml names it: LocalPrometheusConfigTests).
        Assert.Equal(RepoPaths.Combine("deploy", "k8s", "base", "prometheus", "rules.yml"), Path.GetFullPath(mounts[PrometheusHostingExtensions.RulesPath].Source!));
        Assert.All(mounts.Values, m => Assert.True(m.IsReadOnly));
        Assert.Equal("/bin/sh", prometheus.Entrypoint);
        Assert.Equal([$"{PrometheusHostingExtensions.ConfigPath}/start.sh"], await ArgsAsync(prometheus));
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

    /// <summary>
    /// The projects listen on the host's loopback, which a container on Docker Engine for Linux cannot reach through
    /// host.docker.internal (Docker Desktop forwards it, Linux does not): each target is the project's endpoint as
    /// Aspire resolves it for the container (its container tunnel), never a fixed host address.
    /// </summary>
    [Fact]
    public async Task Prometheus_reaches_each_project_through_its_endpoint_reference_not_a_host_address()
    {
        var model = await BuildModelAsync("--Prometheus:Enabled=true");
        var prometheus = Assert.IsType<ContainerResource>(Assert.Single(model.Resources, r => r.Name == "prometheus"));

        var environment = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), prometheus);
        foreach (var callback in prometheus.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(environment);
        }

        foreach (var project in s_projects)
        {
            var variable = PrometheusHostingExtensions.TargetVariablePrefix + project.ToUpperInvariant();
            var target = Assert.IsType<EndpointReferenceExpression>(environment.EnvironmentVariables[variable]);
            Assert.Equal((project, OperationsEndpointExtensions.EndpointName, EndpointProperty.HostAndPort), (target.Endpoint.Resource.Name, target.Endpoint.EndpointName, target.Property));
        }

        Assert.DoesNotContain(await ArgsAsync(prometheus), a => a.Contains("host.docker.internal", StringComparison.Ordinal));
        Assert.DoesNotContain("host.docker.internal", await File.ReadAllTextAsync(ConfigFile, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static string ConfigFile => RepoPaths.Combine("BuyList.AppHost", "prometheus", "prometheus.yml");

    private static async Task<string[]> ArgsAsync(ContainerResource container)
    {
        var args = new List<object>();
        var context = new CommandLineArgsCallbackContext(args, container, TestContext.Current.CancellationToken);
        foreach (var callback in container.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return [.. args.Select(a => a.ToString()!)];
    }

    private async Task<DistributedApplicationModel> BuildModelAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BuyList_AppHost>(args, TestContext.Current.CancellationToken);
        _app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        return _app.Services.GetRequiredService<DistributedApplicationModel>();
    }
}
