namespace BuyList.AppHost.Hosting;

/// <summary>A MongoDB server in a container, with root authentication and one application database.</summary>
public sealed class MongoDBServerResource(string name, ParameterResource userName, ParameterResource password, string databaseName)
    : ContainerResource(name), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";
    public const int DefaultPort = 27017;

    public ParameterResource PasswordParameter { get; } = password;

    public string DatabaseName { get; } = databaseName;

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    /// <summary>
    /// <c>mongodb://user:password@host:port/database?authSource=admin</c>: the root user lives in <c>admin</c>.
    /// The generated password is alphanumeric so it needs no URL encoding; the manifest keeps plain
    /// placeholders (no <c>:uri</c> format) so that tools such as Aspirate can read it.
    /// </summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"mongodb://{userName}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}/{DatabaseName}?authSource=admin");
}
