using BuyList.Management.Messaging;
using BuyList.Management.Messaging.Startup;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace BuyList.Tests.Component.Management;

public sealed class TopicProvisionerTests
{
    /// <summary>
    /// Merges "existing topics are used as they are", "a topic with fewer partitions than configured is a warning" and
    /// "a topic the broker will not create is logged and consuming still starts" (the mock cluster has no CreateTopics,
    /// like a broker where the service may not create topics).
    /// </summary>
    [Fact]
    public async Task Existing_topics_are_used_as_they_are_with_too_few_partitions_a_warning_and_one_the_broker_will_not_create_is_logged_not_a_failure()
    {
        // The dead-letter topic has the one partition it needs; purchases has 1 of the 6 configured.
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 1);
        var existing = new FakeLogger<TopicProvisioner>();
        var missing = new FakeLogger<TopicProvisioner>();

        await ProvisionAsync(cluster, new PurchaseConsumerOptions { Partitions = 6 }, existing);
        await ProvisionAsync(cluster, new PurchaseConsumerOptions { Partitions = 1, DeadLetterTopic = "purchases.dead" }, missing);

        var exists = Assert.Single(existing.Collector.GetSnapshot(), r => r.Level == LogLevel.Information);
        Assert.Contains("purchases.dlq exists", exists.Message, StringComparison.Ordinal);
        var warning = Assert.Single(existing.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.Contains("purchases has 1 partitions, fewer than the 6 configured", warning.Message, StringComparison.Ordinal);
        var error = Assert.Single(missing.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains("purchases.dead", error.Message, StringComparison.Ordinal);
    }

    private static async Task ProvisionAsync(KafkaMockCluster cluster, PurchaseConsumerOptions options, ILogger<TopicProvisioner> logger)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        await new TopicProvisioner(admin, Options.Create(options), logger).EnsureTopicsAsync(TestContext.Current.CancellationToken);
    }
}
