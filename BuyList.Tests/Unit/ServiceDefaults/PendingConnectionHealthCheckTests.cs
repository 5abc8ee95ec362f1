using BuyList.ServiceDefaults.Kafka;
using BuyList.ServiceDefaults.MongoDB;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BuyList.Tests.Unit.ServiceDefaults;

/// <summary>
/// The Kafka and MongoDB checks while a resource's connection string is not known yet (the AppHost checks a resource
/// before it has started): unhealthy, saying why, rather than failing.
/// </summary>
public sealed class PendingConnectionHealthCheckTests
{
    [Fact]
    public async Task A_resource_without_a_connection_string_yet_is_unhealthy()
    {
        using var kafka = KafkaHealthCheck.ForConnectionString(_ => ValueTask.FromResult<string?>(null));
        var mongodb = MongoDBHealthCheck.ForConnectionString(_ => ValueTask.FromResult<string?>(null));

        Assert.Equal("The Kafka connection string is not available yet.", (await CheckAsync(kafka)).Description);
        Assert.Equal("The MongoDB connection string is not available yet.", (await CheckAsync(mongodb)).Description);
    }

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
}
