namespace BuyList.AppHost.Hosting;

/// <summary>An opt-in Prometheus container that scrapes the projects' <c>/metrics</c> under <c>dotnet run</c>.</summary>
public static class PrometheusHostingExtensions
{
    public const string Image = "prom/prometheus";
    public const string Tag = "v3.5.0";

    public static IResourceBuilder<ContainerResource> AddPrometheus(this IDistributedApplicationBuilder builder, string name, string configDirectory) =>
        builder.AddContainer(name, Image, Tag)
            .WithImageRegistry("docker.io")
            .WithBindMount(configDirectory, "/etc/prometheus", isReadOnly: true)
            // The projects listen on the host; this name reaches it from a container on Linux too.
            .WithContainerRuntimeArgs("--add-host=host.docker.internal:host-gateway")
            .WithHttpEndpoint(port: 9090, targetPort: 9090, name: "http")
            .WithHttpHealthCheck("/-/ready")
            .ExcludeFromManifest();
}
