namespace BuyList.AppHost.Hosting;

/// <summary>An opt-in Prometheus container that scrapes the projects' <c>/metrics</c> under <c>dotnet run</c>.</summary>
public static class PrometheusHostingExtensions
{
    public const string Image = "prom/prometheus";
    public const string Tag = "v3.5.0";

    /// <summary>Where the repo's configuration directory (prometheus.yml, start.sh) is mounted.</summary>
    public const string ConfigPath = "/etc/prometheus";

    /// <summary>The cluster's alerting and recording rules (relative to the AppHost's directory): one file for both Prometheus servers.</summary>
    public const string RulesFile = "../deploy/k8s/base/prometheus/rules.yml";

    /// <summary>
    /// Where <see cref="RulesFile"/> is mounted: where prometheus.yml's relative <c>rule_files</c> entry leads from
    /// <see cref="ConfigPath"/>, as it leads from BuyList.AppHost/prometheus to the file in the repo.
    /// </summary>
    public const string RulesPath = "/deploy/k8s/base/prometheus/rules.yml";

    /// <summary>The prefix of the variables that carry each scrape target to start.sh.</summary>
    public const string TargetVariablePrefix = "SCRAPE_";

    public static IResourceBuilder<ContainerResource> AddPrometheus(this IDistributedApplicationBuilder builder, string name, string configDirectory) =>
        builder.AddContainer(name, Image, Tag)
            .WithImageRegistry("docker.io")
            .WithBindMount(configDirectory, ConfigPath, isReadOnly: true)
            .WithBindMount(RulesFile, RulesPath, isReadOnly: true)
            // The image's busybox shell runs start.sh, which writes the targets it is given and then starts Prometheus.
            .WithEntrypoint("/bin/sh")
            .WithArgs($"{ConfigPath}/start.sh")
            .WithHttpEndpoint(port: 9090, targetPort: 9090, name: "http")
            .WithHttpHealthCheck("/-/ready")
            .ExcludeFromManifest();

    /// <summary>
    /// Scrapes <paramref name="project"/>'s <c>/metrics</c> at its ops endpoint (the internal port) as this container reaches it. Aspire
    /// resolves the reference for the container: through its container tunnel, so it works on Docker Engine for Linux
    /// too, where a container cannot reach the host's loopback, on which the projects listen.
    /// </summary>
    public static IResourceBuilder<ContainerResource> WithScrapeTarget(this IResourceBuilder<ContainerResource> prometheus, IResourceBuilder<ProjectResource> project) =>
        prometheus.WithEnvironment(TargetVariablePrefix + project.Resource.Name.ToUpperInvariant(), project.GetEndpoint(OperationsEndpointExtensions.EndpointName).Property(EndpointProperty.HostAndPort));
}
