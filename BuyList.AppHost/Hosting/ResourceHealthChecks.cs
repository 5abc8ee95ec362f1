using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Aspire.Hosting;

/// <summary>Asks the broker for metadata through the resource's own connection string.</summary>
internal sealed class KafkaBrokerHealthCheck(IResourceWithConnectionString resource) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<string, IAdminClient> _clients = new();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bootstrapServers = await resource.GetConnectionStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(bootstrapServers))
        {
            return HealthCheckResult.Unhealthy("The Kafka connection string is not available yet.");
        }

        var admin = _clients.GetOrAdd(bootstrapServers, servers => new AdminClientBuilder(new AdminClientConfig
        {
            BootstrapServers = servers,
            SocketTimeoutMs = (int)s_timeout.TotalMilliseconds,
        }).SetLogHandler((_, _) => { }).Build());
        try
        {
            var metadata = await Task.Run(() => admin.GetMetadata(s_timeout), cancellationToken);
            return metadata.Brokers.Count > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("No brokers in the metadata.");
        }
        catch (KafkaException ex)
        {
            return HealthCheckResult.Unhealthy($"Kafka is not reachable: {ex.Error.Reason}");
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}

/// <summary>Runs <c>ping</c> through the resource's own connection string.</summary>
internal sealed class MongoDBPingHealthCheck(IResourceWithConnectionString resource) : IHealthCheck
{
    private readonly ConcurrentDictionary<string, IMongoClient> _clients = new();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = await resource.GetConnectionStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return HealthCheckResult.Unhealthy("The MongoDB connection string is not available yet.");
        }

        var client = _clients.GetOrAdd(connectionString, cs =>
        {
            var settings = MongoClientSettings.FromConnectionString(cs);
            settings.ServerSelectionTimeout = TimeSpan.FromSeconds(3);
            return new MongoClient(settings);
        });
        try
        {
            await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"MongoDB did not answer ping: {ex.GetType().Name}");
        }
    }
}
