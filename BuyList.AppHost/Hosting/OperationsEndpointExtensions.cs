using BuyList.ServiceDefaults;

namespace BuyList.AppHost.Hosting;

/// <summary>
/// A project's operational endpoints (health, metrics) on their own port, as in the cluster: an <c>ops</c> endpoint
/// the project is told about through <c>Operations__Port</c>, which the dashboard lists but references to the project
/// leave out (callers discover its API, not its metrics).
/// </summary>
public static class OperationsEndpointExtensions
{
    public const string EndpointName = "ops";

    public static IResourceBuilder<ProjectResource> WithOperationsEndpoint(this IResourceBuilder<ProjectResource> project)
    {
        // Under dotnet run each project gets a free port; in the manifest the port the cluster's probes and Prometheus use.
        int? targetPort = project.ApplicationBuilder.ExecutionContext.IsPublishMode ? OperationsOptions.ContainerPort : null;
        return project
            .WithHttpEndpoint(targetPort: targetPort, name: EndpointName)
            .WithEndpoint(EndpointName, endpoint => endpoint.ExcludeReferenceEndpoint = true)
            .WithEnvironment($"{OperationsOptions.SectionName}__{nameof(OperationsOptions.Port)}", project.GetEndpoint(EndpointName).Property(EndpointProperty.TargetPort))
            .WithHttpHealthCheck(ServiceDefaultsExtensions.ReadyPath, endpointName: EndpointName);
    }
}
