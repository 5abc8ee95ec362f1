using Microsoft.Extensions.Configuration;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace BuyList.ServiceDefaults.MongoDB;

/// <summary>
/// Stands in for Aspire's <c>Aspire.MongoDB.Driver</c> (<c>AddMongoDBClient</c>), not available here; DEVELOPERS.md
/// says how to swap. MongoDB.Driver writes its own spans (source <c>MongoDB.Driver</c>, without query text).
/// </summary>
public static class MongoDBExtensions
{
    /// <summary>
    /// The client for <c>ConnectionStrings:{connectionName}</c>, its database (the path's, else
    /// <paramref name="defaultDatabase"/>) and a ping health check. Stands in for <c>AddMongoDBClient</c> of
    /// <c>Aspire.MongoDB.Driver</c>.
    /// </summary>
    public static IHostApplicationBuilder AddMongoDBClient(this IHostApplicationBuilder builder, string connectionName, string defaultDatabase)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"MongoDB connection string 'ConnectionStrings:{connectionName}' is missing. Set it to e.g. mongodb://user:password@localhost:27017/{defaultDatabase}?authSource=admin.");
        }

        var url = MongoUrl.Create(connectionString);
        builder.Services.AddSingleton<IMongoClient>(sp =>
        {
            var settings = MongoClientSettings.FromUrl(url);
            settings.LoggingSettings = new LoggingSettings(sp.GetRequiredService<ILoggerFactory>());
            settings.TracingOptions = new TracingOptions { QueryTextMaxLength = 0 };
            return new MongoClient(settings);
        });
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IMongoClient>().GetDatabase(url.DatabaseName ?? defaultDatabase));
        builder.Services.AddHealthChecks().Add(new(
            $"mongodb-{connectionName}", sp => MongoDBHealthCheck.For(sp.GetRequiredService<IMongoClient>()), failureStatus: null, tags: ["mongodb"]));
        return builder;
    }
}
