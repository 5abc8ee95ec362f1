using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using BuyList.AppHost.Hosting;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Component.AppHost;

/// <summary>The AppHost's model: what runs, who references and waits for whom, what is public.</summary>
public sealed class AppHostModelTests : AppHostModelTest
{
    // A project's own ops port in its environment (Operations__Port) is a reference to itself: not a dependency.
    private static string[] References(IResource resource) => resource.Annotations.OfType<ResourceRelationshipAnnotation>()
        .Where(a => a.Type == "Reference" && a.Resource != resource).Select(a => a.Resource.Name).Order().ToArray();

    private static string[] Waits(IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(a => a.Resource.Name).Order().ToArray();

    /// <summary>
    /// Merges "in containers mode Kafka and MongoDB are containers" with "projects reference and wait for what they use",
    /// LocalPrometheusTests' "without the switch there is no Prometheus", "every project has a health check and only
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
}
