using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BuyList.AppHost.Hosting;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Component.AppHost;

/// <summary>
/// "View metrics in Prometheus" under <c>dotnet run</c>: the AppHost adds a Prometheus container when asked
/// (<c>--Prometheus:Enabled=true</c>) that scrapes every project's <c>/metrics</c> at the address Aspire gives the
/// container for the project's endpoint. The container itself needs Docker or Podman, which this machine does not
/// have: its model is checked here (its absence without the switch in <c>AppHostModelTests</c>), its configuration and start script by <c>LocalPrometheusConfigTests</c>, the scraping by
/// <c>PrometheusScrapeTests</c>, and the container scraping the projects on Docker Engine for Linux by
/// <c>ContainerRunTests</c> in GitHub's container job.
/// </summary>
public sealed class LocalPrometheusTests : AppHostModelTest
{
    /// <summary>
    /// Merges the container's own test with "Prometheus reaches each project through its endpoint reference, not a
    /// host address": the projects listen on the host's loopback, which a container on Docker Engine for Linux cannot
    /// reach through host.docker.internal (Docker Desktop forwards it, Linux does not), so each target is the project's
    /// endpoint as Aspire resolves it for the container (its container tunnel).
    /// </summary>
    [Fact]
    public async Task With_Prometheus_enabled_the_apphost_runs_a_prometheus_container_with_the_repo_config_on_port_9090_scraping_each_projects_endpoint_reference()
    {
        var model = await BuildModelAsync("--Prometheus:Enabled=true");

        var prometheus = Assert.IsType<ContainerResource>(Resource(model, "prometheus"));
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

        var environment = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), prometheus);
        foreach (var callback in prometheus.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(environment);
        }

        foreach (var project in new[] { "facing", "management", "web" })
        {
            var variable = PrometheusHostingExtensions.TargetVariablePrefix + project.ToUpperInvariant();
            var target = Assert.IsType<EndpointReferenceExpression>(environment.EnvironmentVariables[variable]);
            Assert.Equal((project, OperationsEndpointExtensions.EndpointName, EndpointProperty.HostAndPort), (target.Endpoint.Resource.Name, target.Endpoint.EndpointName, target.Property));
        }

        Assert.DoesNotContain(await ArgsAsync(prometheus), a => a.Contains("host.docker.internal", StringComparison.Ordinal));
        var config = await File.ReadAllTextAsync(RepoPaths.Combine("BuyList.AppHost", "prometheus", "prometheus.yml"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("host.docker.internal", config, StringComparison.Ordinal);
    }

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
}
