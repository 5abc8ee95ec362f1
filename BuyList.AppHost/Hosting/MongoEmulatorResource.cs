namespace BuyList.AppHost.Hosting;

/// <summary>
/// The MongoDB emulator of <c>tools/mongo-emulator</c> run by node: MongoDB's wire protocol over JavaScript maps, in
/// memory, so each run starts with an empty database. Not MongoDB (no write concern, replica sets, authentication).
/// </summary>
public sealed class MongoEmulatorResource(string name, string workingDirectory, string databaseName)
    : ExecutableResource(name, "node", workingDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public string DatabaseName { get; } = databaseName;

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    /// <summary><c>mongodb://127.0.0.1:port/database</c>: no authentication, which the emulator does not have.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"mongodb://{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}/{DatabaseName}");
}

/// <summary>
/// Stands where the MongoDB emulator cannot run (no Node.js 20+): a resource that fails to start with the reason,
/// so that whoever waits for it keeps waiting instead of failing on a server that is not there.
/// </summary>
public sealed class UnavailableServerResource(string name, string reason) : Resource(name), IResourceWithConnectionString
{
    public string Reason { get; } = reason;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"");
}
