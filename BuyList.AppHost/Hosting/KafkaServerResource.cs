namespace BuyList.AppHost.Hosting;

/// <summary>A single-node KRaft Kafka broker in a container.</summary>
public sealed class KafkaServerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    /// <summary>The listener clients use (advertised as localhost:{host port} under dotnet run, as {name}:9092 when published).</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The listener other containers use (advertised as {name}:9094).</summary>
    public const string InternalEndpointName = "internal";

    public const int PrimaryPort = 9092;
    public const int ControllerPort = 9093;
    public const int InternalPort = 9094;

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public EndpointReference InternalEndpoint => field ??= new(this, InternalEndpointName);

    /// <summary>Bootstrap servers, <c>host:port</c>: the form Confluent.Kafka reads.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
