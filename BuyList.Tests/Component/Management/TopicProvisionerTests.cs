using BuyList.AppHost.Hosting;
using BuyList.Management.Messaging;
using BuyList.Management.Messaging.Startup;
using BuyList.Tests.Infrastructure;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace BuyList.Tests.Component.Management;

public sealed class TopicProvisionerTests
{
    [Fact]
    public async Task Existing_topics_are_used_as_they_are_and_one_with_fewer_partitions_than_configured_is_a_warning_not_a_failure()
    {
        // Once two tests. The dead-letter topic has the one partition it needs; purchases has 1 of the 6 configured.
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 1);
        var logger = new FakeLogger<TopicProvisioner>();

        await ProvisionAsync(cluster, new PurchaseConsumerOptions { Partitions = 6 }, logger);

        var exists = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Information);
        Assert.Contains("purchases.dlq exists", exists.Message, StringComparison.Ordinal);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.Contains("purchases has 1 partitions, fewer than the 6 configured", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_topic_the_broker_will_not_create_is_logged_and_consuming_still_starts()
    {
        // The mock cluster has no CreateTopics, like a broker where the service may not create topics.
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic("purchases", 6);
        var logger = new FakeLogger<TopicProvisioner>();

        await ProvisionAsync(cluster, new PurchaseConsumerOptions { DeadLetterTopic = "purchases.dead" }, logger);

        var error = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains("purchases.dead", error.Message, StringComparison.Ordinal);
    }

    private static async Task ProvisionAsync(KafkaMockCluster cluster, PurchaseConsumerOptions options, ILogger<TopicProvisioner> logger)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        await new TopicProvisioner(admin, Options.Create(options), logger).EnsureTopicsAsync(TestContext.Current.CancellationToken);
    }
}
