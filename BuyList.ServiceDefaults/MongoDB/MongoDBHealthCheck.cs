using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BuyList.ServiceDefaults.MongoDB;

/// <summary>
/// Healthy when the server answers <c>ping</c>. The services ask through their own client; the AppHost through a
/// resource's connection string, known only once it runs. Stands in for <c>AspNetCore.HealthChecks.MongoDb</c>, which
/// Aspire's MongoDB integrations use.
/// </summary>
public sealed class MongoDBHealthCheck : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private static readonly BsonDocument s_ping = new("ping", 1);

    private readonly Func<CancellationToken, ValueTask<IMongoClient?>> _client;

    private MongoDBHealthCheck(Func<CancellationToken, ValueTask<IMongoClient?>> client) => _client = client;

    /// <summary>Pings through the application's client.</summary>
    public static MongoDBHealthCheck For(IMongoClient client) => new(_ => ValueTask.FromResult<IMongoClient?>(client));

    /// <summary>Pings the server a connection string names at check time (one client per connection string); unhealthy while there is none yet.</summary>
    public static MongoDBHealthCheck ForConnectionString(Func<CancellationToken, ValueTask<string?>> connectionString)
    {
        var clients = new ConcurrentDictionary<string, IMongoClient>(StringComparer.Ordinal);
        return new(async cancellationToken =>
            await connectionString(cancellationToken) is { Length: > 0 } value ? clients.GetOrAdd(value, CreateClient) : null);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await _client(cancellationToken) is not { } client)
        {
            return HealthCheckResult.Unhealthy("The MongoDB connection string is not available yet.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(s_ping, cancellationToken: timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"MongoDB did not answer ping: {ex.GetType().Name}");
        }
    }

    private static MongoClient CreateClient(string connectionString)
    {
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        settings.ServerSelectionTimeout = Timeout;
        return new MongoClient(settings);
    }
}
