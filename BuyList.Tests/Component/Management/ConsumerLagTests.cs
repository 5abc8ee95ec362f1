using System.Diagnostics;
using System.Diagnostics.Metrics;
using BuyList.Contracts;
using BuyList.Management.Messaging.Consuming;
using BuyList.Management.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuyList.Tests.Component.Management;

/// <summary>The lag gauge's figures (as exported: one measurement per topic and partition), refreshed from a consumer on the mock cluster as the consumer's loop does.</summary>
public sealed class ConsumerLagTests
{
    private const int Partitions = 6;

    [Fact]
    public async Task A_refresh_the_broker_does_not_answer_in_time_keeps_the_last_figures_and_holds_the_loop_up_for_its_budget_only()
    {
        using var cluster = KafkaTestKit.PurchaseCluster(Partitions);
        await KafkaTestKit.ProduceAsync(cluster, Enumerable.Range(0, Partitions)
            .SelectMany(p => Enumerable.Range(0, p + 1).Select(i => (p, TestMessages.Message(TestMessages.Purchase($"p-{p}-{i}"))))));

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var meters = new ManagementMeters(services);
        var lag = new ConsumerLag(new ManagementMetrics(services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger.Instance);
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = KafkaTestKit.Group,
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartition(PurchaseMessaging.Topic, p)));

        // Paused (the store failing): the watermarks are asked for. Nothing committed: partition p holds p + 1 messages of lag.
        lag.Refresh(consumer, paused: true);
        var figures = meters.LagNow().OrderBy(l => l.Partition).ToList();
        Assert.Equal(Enumerable.Range(0, Partitions).Select(p => new PartitionLag(PurchaseMessaging.Topic, p, p + 1)), figures);

        // Every answer now comes after the budget; asking partition after partition would take their timeouts one by one.
        cluster.SetBrokerRoundTrip(TimeSpan.FromSeconds(10));
        var started = Stopwatch.GetTimestamp();
        lag.Refresh(consumer, paused: true);
        var took = Stopwatch.GetElapsedTime(started);

        Assert.Equal(figures, meters.LagNow().OrderBy(l => l.Partition));
        // A wide margin over the budget (0.5 s), for a busy machine.
        Assert.True(took < TimeSpan.FromSeconds(3), $"The refresh took {took}.");
    }
}
