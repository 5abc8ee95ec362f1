using BuyList.ServiceDefaults.MongoDB;

namespace BuyList.AppHost.Hosting;

/// <summary>
/// MongoDB for the AppHost, standing in for Aspire's hosting integration <c>Aspire.Hosting.MongoDB</c> (not available
/// here), with the database in the server's connection string. DEVELOPERS.md says how to swap to the package.
/// </summary>
public static class MongoDBHostingExtensions
{
    public const string Image = "mongo";
    public const string Tag = "8.0";

    /// <summary>
    /// A <c>mongo</c> container with root authentication. The user name and password are parameters
    /// (<c>Parameters:{name}-username</c>, <c>Parameters:{name}-password</c>); the password is a secret and,
    /// when not set, generated (alphanumeric, so safe in a URL) and kept in user secrets. Stands in for <c>AddMongoDB</c>
    /// and <c>AddDatabase</c> of <c>Aspire.Hosting.MongoDB</c>.
    /// </summary>
    public static IResourceBuilder<MongoDBServerResource> AddMongoDB(this IDistributedApplicationBuilder builder, string name, string databaseName, int? port = null)
    {
        var userName = builder.AddParameter($"{name}-username", "admin", publishValueAsDefault: true);
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        return builder.AddResource(new MongoDBServerResource(name, userName.Resource, password, databaseName))
            .WithImage(Image, Tag)
            .WithImageRegistry("docker.io")
            .WithEndpoint(targetPort: MongoDBServerResource.DefaultPort, port: port, name: MongoDBServerResource.PrimaryEndpointName)
            .WithEnvironment("MONGO_INITDB_ROOT_USERNAME", userName.Resource)
            .WithEnvironment("MONGO_INITDB_ROOT_PASSWORD", password)
            .WithMongoDBHealthCheck();
    }

    /// <summary>Keeps the databases across restarts. Stands in for <c>Aspire.Hosting.MongoDB</c>'s.</summary>
    public static IResourceBuilder<MongoDBServerResource> WithDataVolume(this IResourceBuilder<MongoDBServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? $"buylist-{builder.Resource.Name}-data", "/data/db");

    /// <summary>Healthy once the server answers <c>ping</c>; for a container and for an existing server alike.</summary>
    public static IResourceBuilder<T> WithMongoDBHealthCheck<T>(this IResourceBuilder<T> builder) where T : IResourceWithConnectionString =>
        builder.WithConnectionHealthCheck("mongodb", MongoDBHealthCheck.ForConnectionString);
}
