using System.Collections.Concurrent;

namespace BuyList.ServiceDefaults.Kafka;

/// <summary>
/// Healthy when a broker answers a metadata request, i.e. the cluster is really reachable, not just configured. The
/// services check the cluster they are configured for; the AppHost checks a resource whose connection string is known
/// only once it runs. Stands in for <c>AspNetCore.HealthChecks.Kafka</c>, which Aspire's Kafka integrations use.
/// </summary>
public sealed class KafkaHealthCheck : IHealthCheck, IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly AdminClientConfig _settings;
    private readonly Func<CancellationToken, ValueTask<string?>> _bootstrapServers;

    // Its own clients, one per cluster: a check must not share (or wait behind) the application's queues.
    private readonly ConcurrentDictionary<string, IAdminClient> _clients = new(StringComparer.Ordinal);

    private KafkaHealthCheck(AdminClientConfig settings, Func<CancellationToken, ValueTask<string?>> bootstrapServers)
    {
        _settings = settings;
        _bootstrapServers = bootstrapServers;
    }

    /// <summary>Checks the cluster of <paramref name="config"/> (bootstrap servers and security settings).</summary>
    public static KafkaHealthCheck For(AdminClientConfig config) => new(config, _ => ValueTask.FromResult<string?>(config.BootstrapServers));

    /// <summary>Checks the cluster a connection string names at check time; unhealthy while there is none yet.</summary>
    public static KafkaHealthCheck ForConnectionString(Func<CancellationToken, ValueTask<string?>> connectionString) =>
        new(new AdminClientConfig(), connectionString);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var servers = await _bootstrapServers(cancellationToken);
        if (string.IsNullOrWhiteSpace(servers))
        {
            return HealthCheckResult.Unhealthy("The Kafka connection string is not available yet.");
        }

        var admin = _clients.GetOrAdd(servers, CreateClient);
        try
        {
            // GetMetadata blocks; keep it off the request thread.
            var metadata = await Task.Run(() => admin.GetMetadata(Timeout), cancellationToken);
            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s)")
                : HealthCheckResult.Unhealthy("The cluster reported no brokers.");
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

    // Logs are the application clients' job.
    private IAdminClient CreateClient(string servers) =>
        new AdminClientBuilder(new AdminClientConfig(_settings)
        {
            BootstrapServers = servers,
            SocketTimeoutMs = (int)Timeout.TotalMilliseconds,
        }).SetLogHandler((_, _) => { }).Build();
}
