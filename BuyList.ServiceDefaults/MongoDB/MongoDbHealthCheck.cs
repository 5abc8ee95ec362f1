using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BuyList.ServiceDefaults.MongoDB;

/// <summary>Healthy when the server answers <c>ping</c>.</summary>
internal sealed class MongoDbHealthCheck(IMongoClient client) : IHealthCheck
{
    private static readonly BsonDocument s_ping = new("ping", 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(s_ping, cancellationToken: timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"MongoDB did not answer ping: {ex.GetType().Name}");
        }
    }
}
