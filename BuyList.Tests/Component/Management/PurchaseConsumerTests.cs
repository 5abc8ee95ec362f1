using System.Text;
using BuyList.Contracts;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;

namespace BuyList.Tests.Component.Management;

/// <summary>
/// The real consumer in the real host against a Kafka-protocol broker (librdkafka's mock cluster), with an
/// in-memory store in place of MongoDB. What is asserted is what an operator sees from outside: the store, the
/// group's committed offsets, the dead-letter topic, the metrics.
/// </summary>
public sealed class PurchaseConsumerTests
{
    private const string Topic = PurchaseMessaging.Topic;
    private const string DeadLetterTopic = PurchaseMessaging.DeadLetterTopic;

    /// <summary>Merges ManagementStartupTests' "a store not reachable yet is retried until it is and then purchases flow".</summary>
    [Fact]
    public async Task Purchases_on_the_topic_are_stored_once_the_store_is_reachable_then_committed_and_one_delivered_again_or_replayed_is_counted_as_a_duplicate()
    {
        // Once two tests: stored and committed; a purchase delivered again stored once.
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 3);
        var store = new FakePurchaseStore();
        store.FailInitialize(attempt => attempt <= 3 ? new TimeoutException("No server yet.") : null);
        var purchases = Enumerable.Range(1, 9).Select(i => TestMessages.Purchase($"p-{i}", userId: $"user-{i % 4}")).ToList();

        await using (var factory = ManagementFactory.Consuming(cluster, store, partitions: 3))
        {
            using var metrics = new ManagementMeters(factory.Services);
            // A retried POST publishes the same purchase twice.
            await KafkaTestKit.ProduceAsync(cluster, [.. purchases.Select(TestMessages.Message), TestMessages.Message(purchases[0])]);

            await Eventually.HoldsAsync(() => KafkaTestKit.CommittedToTheEnd(cluster.BootstrapServers, Topic, 3), "the committed offsets cover every message");
            Assert.Equal(purchases.OrderBy(p => p.Id), store.Purchases.OrderBy(p => p.Id));
            Assert.Equal(purchases.Count + 1, KafkaTestKit.HighWatermarks(cluster.BootstrapServers, Topic, 3).Sum());
            Assert.Equal(1, store.Duplicates);
            Assert.Equal(purchases.Count, metrics.Stored.GetMeasurementSnapshot().EvaluateAsCounter());
            Assert.Equal(1, metrics.Duplicates.GetMeasurementSnapshot().EvaluateAsCounter());
            Assert.Equal(4, store.InitializeAttempts);
            Assert.False(factory.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        }

        // An operator replays the topic from the start.
        await KafkaTestKit.ResetToEarliestAsync(cluster.BootstrapServers, Topic, 3);
        await using (var replay = ManagementFactory.Consuming(cluster, store, partitions: 3))
        {
            _ = replay.Services;
            await Eventually.HoldsAsync(() => store.Duplicates == 1 + purchases.Count + 1, "the replayed messages are recognised as duplicates");
            await Eventually.HoldsAsync(() => KafkaTestKit.CommittedToTheEnd(cluster.BootstrapServers, Topic, 3), "the replay is committed");
        }

        Assert.Equal(purchases.OrderBy(p => p.Id), store.Purchases.OrderBy(p => p.Id));
    }

    /// <summary>Merges "a poison message is not committed until the dead-letter topic has it" into the dead-letter test.</summary>
    [Fact]
    public async Task Messages_that_can_never_be_stored_go_to_the_dead_letter_topic_once_it_has_them_and_then_the_partition_moves_on()
    {
        // No dead-letter topic yet, and neither Management nor (so configured) the producer can create one: deliveries fail.
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic(Topic, 1);
        var store = new FakePurchaseStore();
        var logs = new FakeLogCollector();
        await using var factory = new ManagementFactory(cluster.BootstrapServers, store, logs: logs, settings: new Dictionary<string, string>
        {
            ["Purchases:Partitions"] = "1",
            ["Kafka:Producer:AllowAutoCreateTopics"] = "false",
            ["Kafka:Producer:MessageTimeoutMs"] = "1000",
        });
        using var metrics = new ManagementMeters(factory.Services);
        var unreadable = TestMessages.Raw("user-1", "{ this is not json");
        unreadable.Headers.Add("x-origin", "test"u8.ToArray());
        var breaksRules = TestMessages.Raw("user-1", """{"id":"p-bad","username":"Ada","userid":"user-1","price":-3,"timestamp":"2025-01-01T00:00:00Z"}""");
        var laterVersion = TestMessages.Message(TestMessages.Purchase("p-v2"));
        laterVersion.Headers.Remove(PurchaseMessaging.Headers.EventVersion);
        laterVersion.Headers.Add(PurchaseMessaging.Headers.EventVersion, "2"u8.ToArray());
        // A header without a value: nothing the contract checks, but reading it fails.
        var valuelessHeader = TestMessages.Message(TestMessages.Purchase("p-odd"));
        valuelessHeader.Headers.Remove(PurchaseMessaging.Headers.EventType);
        valuelessHeader.Headers.Add(PurchaseMessaging.Headers.EventType, null);
        var good = TestMessages.Purchase("p-good");

        await KafkaTestKit.ProduceAsync(cluster, [unreadable, breaksRules, laterVersion, valuelessHeader, TestMessages.Message(good)]);

        await Eventually.HoldsAsync(() => logs.GetSnapshot().Count(r => r.Id.Name == "WriteFailed") >= 2, "dead-lettering has failed twice");
        Assert.Equal([Offset.Unset.Value], KafkaTestKit.Committed(cluster.BootstrapServers, Topic, 1));

        cluster.CreateTopic(DeadLetterTopic, 1);

        await Eventually.HoldsAsync(() => KafkaTestKit.Committed(cluster.BootstrapServers, Topic, 1)[0] == 5,
            "the poison messages are committed with the good one");
        Assert.Equal([good], store.Purchases);
        // Committed only once the dead-letter topic acknowledged the copies: one of each by now, though every failed
        // attempt sent one.
        Assert.Equal([4], KafkaTestKit.HighWatermarks(cluster.BootstrapServers, DeadLetterTopic, 1));
        var dead = await cluster.ReadAllAsync(DeadLetterTopic, atLeast: 4, TimeSpan.FromSeconds(30));
        Assert.Equal(4, dead.Count);
        AssertDeadLetter(dead[0], unreadable, "unreadable", sourceOffset: 0);
        Assert.Equal("test", dead[0].Header("x-origin"));
        AssertDeadLetter(dead[1], breaksRules, "contract-violation", sourceOffset: 1);
        AssertDeadLetter(dead[2], laterVersion, "unsupported-event-version", sourceOffset: 2);
        AssertDeadLetter(dead[3], valuelessHeader, "unreadable", sourceOffset: 3);
        Assert.Equal(4, metrics.DeadLettered.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Nothing_is_committed_while_the_store_fails_and_the_batch_is_written_once_it_recovers()
    {
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 1);
        var store = new FakePurchaseStore();
        store.Fail(new TimeoutException("A timeout occurred after 30000ms selecting a server."));
        await using var factory = ManagementFactory.Consuming(cluster, store, partitions: 1);
        using var metrics = new ManagementMeters(factory.Services);
        var purchases = new[] { TestMessages.Purchase("p-1"), TestMessages.Purchase("p-2") };

        await KafkaTestKit.ProduceAsync(cluster, purchases.Select(TestMessages.Message));

        await Eventually.HoldsAsync(() => store.FailedWrites >= 5, "the write has been retried several times");
        Assert.Empty(store.Purchases);
        Assert.Equal([Offset.Unset.Value], KafkaTestKit.Committed(cluster.BootstrapServers, Topic, 1));
        await Eventually.ReturnsAsync(() => metrics.LagOf(partition: 0), lag => lag == 2, "the lag gauge shows the two waiting messages");

        store.Heal();

        await Eventually.HoldsAsync(() => store.Purchases.Count == 2, "the retried batch is stored");
        await Eventually.HoldsAsync(() => KafkaTestKit.Committed(cluster.BootstrapServers, Topic, 1)[0] == 2, "the batch is committed");
        Assert.Equal(0, store.Duplicates);
        // The partitions were resumed: a purchase made after the outage flows as usual.
        await KafkaTestKit.ProduceAsync(cluster, [TestMessages.Message(TestMessages.Purchase("p-3"))]);
        await Eventually.HoldsAsync(() => store.Purchases.Count == 3, "a later purchase is stored");
        await Eventually.ReturnsAsync(() => metrics.LagOf(partition: 0), lag => lag == 0, "the lag gauge is back to zero");
    }

    [Fact]
    public async Task A_commit_that_failed_is_retried_while_no_further_messages_come()
    {
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 1);
        var store = new FakePurchaseStore();
        store.HoldWrites();
        var logs = new FakeLogCollector();
        await using var factory = ManagementFactory.Consuming(cluster, store, partitions: 1, logs);
        using var metrics = new ManagementMeters(factory.Services);
        await KafkaTestKit.ProduceAsync(cluster, [TestMessages.Message(TestMessages.Purchase("p-1"))]);
        await Eventually.HoldsAsync(() => store.HeldWrites == 1, "the write is in flight");

        // The broker refuses the commit (once) that follows the write; no further message comes to commit again with.
        cluster.FailNextRequests(KafkaMockCluster.OffsetCommitApiKey, ErrorCode.OffsetMetadataTooLarge);
        store.ReleaseWrites();
        await Eventually.HoldsAsync(() => logs.GetSnapshot().Any(r => r.Id.Name == "CommitFailed"), "the commit has failed");

        await Eventually.HoldsAsync(() => KafkaTestKit.Committed(cluster.BootstrapServers, Topic, 1)[0] == 1, "the offset is committed");
        // By the retried commit: not by the message being read and written again after a rebalance.
        Assert.Equal(0, store.Duplicates);
        await Eventually.ReturnsAsync(() => metrics.LagOf(partition: 0), lag => lag == 0, "the lag gauge is back to zero");
    }

    [Fact]
    public async Task A_write_in_flight_when_the_service_stops_is_finished_and_committed()
    {
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 1);
        var store = new FakePurchaseStore();
        store.HoldWrites();
        var logs = new FakeLogCollector();
        var factory = ManagementFactory.Consuming(cluster, store, partitions: 1, logs);
        _ = factory.Services;
        await KafkaTestKit.ProduceAsync(cluster, [TestMessages.Message(TestMessages.Purchase("p-1")), TestMessages.Message(TestMessages.Purchase("p-2"))]);
        await Eventually.HoldsAsync(() => store.HeldWrites == 1, "the write is in flight");

        var stopping = factory.DisposeAsync().AsTask();
        // The store answers only once the consumer has been told to stop (well within the drain time), so the write
        // can only be finished by the drain.
        await Eventually.HoldsAsync(() => logs.GetSnapshot().Any(r => r.Id.Name == "Stopping"), "the consumer is stopping");
        Assert.False(stopping.IsCompleted);
        store.ReleaseWrites();
        await stopping;

        Assert.Equal(2, store.Purchases.Count);
        Assert.Equal([2], KafkaTestKit.Committed(cluster.BootstrapServers, Topic, 1));
    }

    [Fact]
    public async Task A_batch_waiting_for_its_retry_when_the_service_stops_gets_one_final_attempt()
    {
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 1);
        var store = new FakePurchaseStore();
        store.Fail(new TimeoutException("No primary."));
        // A long backoff, so the stop comes while the consumer waits to retry.
        var factory = new ManagementFactory(cluster.BootstrapServers, store, settings: new Dictionary<string, string>
        {
            ["Purchases:Partitions"] = "1",
            ["Purchases:RetryInitialDelay"] = "00:01:00",
            ["Purchases:RetryMaxDelay"] = "00:01:00",
        });
        _ = factory.Services;
        await KafkaTestKit.ProduceAsync(cluster, [TestMessages.Message(TestMessages.Purchase("p-1")), TestMessages.Message(TestMessages.Purchase("p-2"))]);
        await Eventually.HoldsAsync(() => store.FailedWrites == 1, "the first attempt has failed");
        store.Heal();

        await factory.DisposeAsync();

        Assert.Equal(["p-1", "p-2"], store.Purchases.Select(p => p.Id).Order());
        Assert.Equal([2], KafkaTestKit.Committed(cluster.BootstrapServers, Topic, 1));
        Assert.Equal(1, store.FailedWrites);
    }

    [Fact]
    public async Task Partitions_taken_over_by_another_instance_during_an_outage_are_stored_once_by_their_new_owner()
    {
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 4);
        // A store each, standing for one database: what both hold together, and what both hold twice.
        var (firstStore, secondStore) = (new FakePurchaseStore(), new FakePurchaseStore());
        IReadOnlyList<string> Stored() => [.. firstStore.Purchases.Concat(secondStore.Purchases).Select(p => p.Id)];
        firstStore.Fail(new TimeoutException("No primary."));
        var purchases = Enumerable.Range(1, 12).Select(i => TestMessages.Purchase($"p-{i}", userId: $"user-{i}")).ToList();
        await using var first = ManagementFactory.Consuming(cluster, firstStore, partitions: 4);
        _ = first.Services;
        // Three on every partition: whichever partitions the group moves to a newcomer, the first instance's batch
        // holds messages of them and of the partitions it keeps.
        await KafkaTestKit.ProduceAsync(cluster, purchases.Select((p, i) => (i % 4, TestMessages.Message(p))));

        await Eventually.HoldsAsync(() => firstStore.FailedWrites >= 3, "the first instance holds a batch it cannot write");
        Assert.Empty(Stored());

        // A second instance joins; the group moves two partitions to it while the first still retries its batch.
        await using var second = ManagementFactory.Consuming(cluster, secondStore, partitions: 4);
        _ = second.Services;
        await Eventually.HoldsAsync(() => Stored().Count == purchases.Count / 2, "the second instance stores the two partitions it took over");
        firstStore.Heal();

        await Eventually.HoldsAsync(() => Stored().Count == purchases.Count, "every purchase is stored");
        await Eventually.HoldsAsync(() => KafkaTestKit.CommittedToTheEnd(cluster.BootstrapServers, Topic, 4), "everything is committed");
        // The first instance dropped what it held for the partitions it lost instead of writing it as well.
        Assert.Equal(purchases.Select(p => p.Id).Order(), Stored().Order());
        Assert.Equal(0, firstStore.Duplicates + secondStore.Duplicates);

        // Both instances consume again on every partition they kept or got.
        var later = Enumerable.Range(0, 4).Select(p => TestMessages.Purchase($"later-{p}")).ToList();
        await KafkaTestKit.ProduceAsync(cluster, later.Select((p, partition) => (partition, TestMessages.Message(p))));

        await Eventually.HoldsAsync(() => Stored().Count == purchases.Count + later.Count, "purchases made after the outage are stored on every partition");
    }

    /// <summary>The copy's value, verdict and origin; <see cref="DeadLetterPublisherTests"/> reads the rest of its headers.</summary>
    private static void AssertDeadLetter(ConsumeResult<string, string> dead, Message<string, byte[]> original, string error, long sourceOffset)
    {
        Assert.Equal(original.Key, dead.Message.Key);
        Assert.Equal(Encoding.UTF8.GetString(original.Value), dead.Message.Value);
        Assert.Equal(error, dead.Header(PurchaseMessaging.Headers.DeadLetterError));
        Assert.Equal($"{sourceOffset}", dead.Header(PurchaseMessaging.Headers.DeadLetterSourceOffset));
    }
}
