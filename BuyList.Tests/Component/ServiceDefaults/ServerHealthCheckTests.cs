using BuyList.ServiceDefaults.Kafka;
using BuyList.ServiceDefaults.MongoDB;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuyList.Tests.Component.ServiceDefaults;

/// <summary>
/// The Kafka and MongoDB checks the services and the AppHost share: healthy only when the server answers (the
/// Kafka mock cluster; nothing listens on port 9), and unhealthy, saying why, while a resource's connection string is
/// not known yet (the AppHost checks a resource before it has started).
/// </summary>
public sealed class ServerHealthCheckTests
{
    /// <summary>Each merges its part of "a resource without a connection string yet is unhealthy".</summary>
    [Fact]
    public async Task Kafka_is_healthy_when_a_broker_answers_and_unhealthy_when_none_does_or_its_connection_string_is_not_known_yet()
    {
        using var cluster = new KafkaMockCluster();
        using var reachable = KafkaHealthCheck.ForConnectionString(_ => ValueTask.FromResult<string?>(cluster.BootstrapServers));
        using var unreachable = KafkaHealthCheck.ForConnectionString(_ => ValueTask.FromResult<string?>("127.0.0.1:9"));
        using var unknown = KafkaHealthCheck.ForConnectionString(_ => ValueTask.FromResult<string?>(null));

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(reachable)).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(unreachable)).Status);
        Assert.Equal("The Kafka connection string is not available yet.", (await CheckAsync(unknown)).Description);
    }

    [Fact]
    public async Task MongoDB_that_does_not_answer_is_unhealthy_within_the_check_timeout_and_unhealthy_while_its_connection_string_is_not_known_yet()
    {
        var check = MongoDBHealthCheck.ForConnectionString(_ => ValueTask.FromResult<string?>(Loopback.UnreachableMongoDB));
        var unknown = MongoDBHealthCheck.ForConnectionString(_ => ValueTask.FromResult<string?>(null));

        var started = TimeProvider.System.GetTimestamp();
        var result = await CheckAsync(check);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < MongoDBHealthCheck.Timeout + TimeSpan.FromSeconds(5));
        Assert.Equal("The MongoDB connection string is not available yet.", (await CheckAsync(unknown)).Description);
    }

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
}
