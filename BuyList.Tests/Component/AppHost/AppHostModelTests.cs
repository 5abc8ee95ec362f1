using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace BuyList.Tests.Component.AppHost;

/// <summary>
/// The AppHost's model: what runs, who references and waits for whom, what is public, and the opt-in local Prometheus
/// container. That container needs Docker or Podman, which this machine does not have: its model is checked here, its
/// configuration and start script by <c>AlertRulesTests</c>, the scraping by <c>PrometheusScrapeTests</c>, and the
/// container scraping the projects on Docker Engine for Linux by <c>ContainerRunTests</c> in GitHub's container job.
/// </summary>
public sealed class AppHostModelTests : AppHostModelTest
{
    // A project's own ops port in its environment (Operations__Port) is a reference to itself: not a dependency.
    private static string[] References(IResource resource) => resource.Annotations.OfType<ResourceRelationshipAnnotation>()
        .Where(a => a.Type == "Reference" && a.Resource != resource).Select(a => a.Resource.Name).Order().ToArray();

    private static string[] Waits(IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(a => a.Resource.Name).Order().ToArray();

    /// <summary>
    /// Merges "in containers mode Kafka and MongoDB are containers" with "projects reference and wait for what they use",
    /// "without the Prometheus switch there is no Prometheus", "every project has a health check and only
    /// facing and web are external" and the ops endpoint's test: all read the default model.
    /// </summary>
    [Fact]
    public async Task The_default_model_runs_kafka_and_mongodb_as_containers_that_projects_reference_and_wait_for_with_internal_ops_endpoints_and_no_prometheus()
    {
        var model = await BuildModelAsync();

        var kafka = Assert.IsType<KafkaServerResource>(Resource(model, "kafka"));
        Assert.True(kafka.TryGetContainerImageName(out var kafkaImage));
        Assert.Equal("docker.io/apache/kafka:4.1.0", kafkaImage);
        Assert.Equal(["internal", "tcp"], kafka.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name).Order());
        Assert.NotEmpty(kafka.Annotations.OfType<HealthCheckAnnotation>());
        var mongodb = Assert.IsType<MongoDBServerResource>(Resource(model, "mongodb"));
        Assert.Equal("buylist", mongodb.DatabaseName);
        Assert.True(mongodb.PasswordParameter.Secret);
        Assert.NotEmpty(mongodb.Annotations.OfType<HealthCheckAnnotation>());

        Assert.Equal(["kafka", "mongodb"], References(Resource(model, "management")));
        Assert.Equal(["kafka", "mongodb"], Waits(Resource(model, "management")));
        Assert.Equal(["kafka", "management"], References(Resource(model, "facing")));
        Assert.Equal(["kafka"], Waits(Resource(model, "facing")));
        Assert.Equal(["facing"], References(Resource(model, "web")));
        Assert.Equal(["facing"], Waits(Resource(model, "web")));
        Assert.DoesNotContain(model.Resources, r => r.Name == "prometheus");

        var projects = model.Resources.OfType<ProjectResource>().ToList();
        Assert.Equal(["facing", "management", "web"], projects.Select(p => p.Name).Order());
        foreach (var project in projects)
        {
            Assert.NotEmpty(project.Annotations.OfType<HealthCheckAnnotation>());
            var ops = Assert.Single(project.Annotations.OfType<EndpointAnnotation>(), e => e.Name == OperationsEndpointExtensions.EndpointName);
            Assert.Equal("http", ops.UriScheme);
            Assert.False(ops.IsExternal, $"{project.Name}: the ops endpoint is external");
            Assert.True(ops.ExcludeReferenceEndpoint, $"{project.Name}: references would carry the ops endpoint");
            var publicEndpoint = Assert.Single(project.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");
            Assert.Equal(project.Name != "management", publicEndpoint.IsExternal);
        }
    }

    [Fact]
    public async Task In_embedded_mode_kafka_and_mongodb_are_the_embedded_servers_with_health_checks_and_no_container()
    {
        var model = await BuildModelAsync($"--{InfrastructureExtensions.ModeKey}=Embedded");

        Assert.DoesNotContain(model.Resources, r => r.IsContainer());
        var kafka = Assert.IsType<EmbeddedKafkaResource>(Resource(model, "kafka"));
        Assert.NotEmpty(kafka.Annotations.OfType<HealthCheckAnnotation>());
        var mongodb = Assert.IsType<MongoEmulatorResource>(Resource(model, "mongodb"));
        Assert.Equal("node", mongodb.Command);
        Assert.Equal(RepoPaths.Combine("tools", "mongo-emulator"), mongodb.WorkingDirectory);
        Assert.Equal("buylist", mongodb.DatabaseName);
        Assert.NotEmpty(mongodb.Annotations.OfType<HealthCheckAnnotation>());
        // npm ci runs first only where the emulator's packages are missing.
        Assert.Equal(!MongoEmulator.IsInstalled, Waits(mongodb).Contains("mongodb-install"));
        Assert.Equal(["kafka", "mongodb"], Waits(Resource(model, "management")));
        Assert.Equal(["kafka"], Waits(Resource(model, "facing")));
    }

    /// <summary>
    /// Merges "existing connection strings replace the containers" and "existing connection strings win over embedded
    /// mode". In embedded mode only Kafka's is given, so MongoDB stays the emulator: each server is decided on its own.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Existing_connection_strings_replace_the_containers_and_win_over_embedded_mode(bool embedded)
    {
        string[] args = embedded
            ? [$"--{InfrastructureExtensions.ModeKey}=Embedded", "--ConnectionStrings:kafka=broker.example:9092"]
            : ["--ConnectionStrings:kafka=broker.example:9092", "--ConnectionStrings:mongodb=mongodb://u:p@db.example:27017/buylist?authSource=admin"];
        var model = await BuildModelAsync(args);

        Assert.Empty(model.Resources.OfType<ContainerResource>());
        var kafka = Assert.IsAssignableFrom<IResourceWithConnectionString>(Resource(model, "kafka"));
        Assert.IsNotType<EmbeddedKafkaResource>(kafka);
        Assert.Equal("broker.example:9092", await kafka.GetConnectionStringAsync(TestContext.Current.CancellationToken));
        Assert.NotEmpty(kafka.Annotations.OfType<HealthCheckAnnotation>());
        Assert.NotEmpty(Resource(model, "mongodb").Annotations.OfType<HealthCheckAnnotation>());
        Assert.Equal(embedded, Resource(model, "mongodb") is MongoEmulatorResource);
        // The projects still reference and wait for them, so they start only once the servers answer.
        Assert.Equal(["kafka", "mongodb"], Waits(Resource(model, "management")));
    }

    /// <summary>
    /// "View metrics in Prometheus" under <c>dotnet run</c>: the AppHost adds a Prometheus container when asked
    /// (<c>--Prometheus:Enabled=true</c>) that scrapes every project's <c>/metrics</c> at the address Aspire gives the
    /// container for the project's endpoint. Merges the container's own test with "Prometheus reaches each project
    /// through its endpoint reference, not a host address": the projects listen on the host's loopback, which a
    /// container on Docker Engine for Linux cannot reach through host.docker.internal (Docker Desktop forwards it, Linux
    /// does not), so each target is the project's endpoint as Aspire resolves it for the container (its container tunnel).
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
        // The cluster's rules file itself, not a copy (prometheus.yml names it: AlertRulesTests).
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
