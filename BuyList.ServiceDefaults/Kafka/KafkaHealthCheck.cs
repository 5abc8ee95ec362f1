using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuyList.ServiceDefaults.Kafka;

/// <summary>
/// Healthy when a broker answers a metadata request, i.e. the cluster is really reachable, not just configured.
/// </summary>
internal sealed class KafkaHealthCheck(AdminClientConfig config) : IHealthCheck, IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    // Its own client: a check must not share (or wait behind) the application's queues. Logs are the app clients' job.
    private readonly Lazy<IAdminClient> _admin = new(() => new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build());

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // GetMetadata blocks; keep it off the request thread.
            var metadata = await Task.Run(() => _admin.Value.GetMetadata(Timeout), cancellationToken);
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
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
