using System.Text;
using BuyList.Contracts;
using BuyList.Management.Messaging.DeadLetters;
using Confluent.Kafka;

namespace BuyList.Tests.EndToEnd.Management;

/// <summary>
/// The operator's redrive command, the built Management run as <c>kubectl exec</c> runs it
/// (<c>dotnet BuyList.Management.dll redrive</c>), against the Kafka mock cluster, while the service consumes
/// <c>purchases</c> into a database of its own on the MongoDB test server.
/// </summary>
public sealed class RedriveTests
{
    private const string Topic = PurchaseMessaging.Topic;
    private const string DeadLetterTopic = PurchaseMessaging.DeadLetterTopic;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dead_letters_whose_cause_is_fixed_are_stored_once_and_what_still_fails_is_dead_lettered_again()
    {
        await using var mongodb = await MongoTestDatabase.CreateAsync("buylist-redrive");
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 1);
        await using var management = new ManagementFactory(cluster.BootstrapServers, mongodb: mongodb.ConnectionString,
            settings: new Dictionary<string, string> { ["Purchases:Partitions"] = "1" });
        using var api = management.CreateClient();
        var poison = TestMessages.Raw("user-1", """{"id":"p-bad","username":"Ada","userid":"user-1","price":-3,"timestamp":"2025-01-01T00:00:00Z"}""");
        var good = TestMessages.Purchase("p-good");
        await KafkaTestKit.ProduceAsync(cluster, [poison, TestMessages.Message(good)]);
        await Eventually.HoldsAsync(() => DeadLetters(cluster) == 1, "the service dead-letters the poison message");
        // The rule is changed: BuyList's rules are code, not configuration, so the fix is a new build, and the dead
        // letters it fixes are those an older build refused. They are written as the consumer writes dead letters (the
        // original message and headers, plus the verdict) and are valid under today's rules.
        var refusedEarlier = new[] { TestMessages.Purchase("p-fixed-1", "user-1"), TestMessages.Purchase("p-fixed-2", "user-2") };
        await ProduceDeadLettersAsync(cluster, refusedEarlier);

        var first = await RedriveAsync(cluster, mongodb);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Redrove 3 dead letter(s)", first.Output, StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => DeadLetters(cluster) == 4, "the message still invalid is dead-lettered again");
        await Eventually.HoldsAsync(() => KafkaTestKit.CommittedToTheEnd(cluster.BootstrapServers, Topic, 1), "the service has consumed the replayed messages");
        Assert.Equal(["p-fixed-1", "p-fixed-2", "p-good"], await StoredIdsAsync(api));
        var again = (await cluster.ReadAllAsync(DeadLetterTopic, atLeast: 4, s_timeout))[3];
        Assert.Equal(Encoding.UTF8.GetString(poison.Value), again.Message.Value);
        Assert.Single(again.Message.Headers, h => h.Key == PurchaseMessaging.Headers.DeadLetterError);
        Assert.Equal(DeadLetterErrors.ContractViolation, again.Header(PurchaseMessaging.Headers.DeadLetterError));
        Assert.Contains("price", again.Header(PurchaseMessaging.Headers.DeadLetterReason), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Topic, again.Header(PurchaseMessaging.Headers.DeadLetterSourceTopic));

        // The second run replays only what was dead-lettered since the first: the message still invalid, once more.
        var published = Published(cluster);
        var second = await RedriveAsync(cluster, mongodb);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Redrove 1 dead letter(s)", second.Output, StringComparison.Ordinal);
        Assert.Equal(published + 1, Published(cluster));
        await Eventually.HoldsAsync(() => DeadLetters(cluster) == 5, "the message still invalid is dead-lettered once more");
        await Eventually.HoldsAsync(() => KafkaTestKit.CommittedToTheEnd(cluster.BootstrapServers, Topic, 1), "the service has consumed the replayed message");
        Assert.Equal(["p-fixed-1", "p-fixed-2", "p-good"], await StoredIdsAsync(api));
    }

    /// <summary>
    /// Merges three tests: arguments it does not know are refused before anything is replayed; <c>--max</c> bounds a
    /// run and the copies carry the original message without the verdict; and a run the broker fails exits 1 and says
    /// how far it got.
    /// </summary>
    [Fact]
    public async Task Unknown_arguments_are_refused_before_anything_is_replayed_max_bounds_a_run_the_copies_carry_the_original_message_without_the_verdict_and_a_run_the_broker_fails_exits_1_and_says_how_far_it_got()
    {
        using var cluster = KafkaTestKit.PurchaseCluster(partitions: 1);
        var refusedEarlier = new[] { TestMessages.Purchase("p-1"), TestMessages.Purchase("p-2"), TestMessages.Purchase("p-3", "user-3") };
        await ProduceDeadLettersAsync(cluster, refusedEarlier);

        foreach (var arguments in new[] { ["--max", "0"], ["--max", "many"], new[] { "--maximum", "2" } })
        {
            var refused = await RedriveAsync(cluster, mongodb: null, arguments);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("Usage: dotnet BuyList.Management.dll redrive [--max N]", refused.Output, StringComparison.Ordinal);
        }

        Assert.Equal(0, Published(cluster));
        var first = await RedriveAsync(cluster, mongodb: null, "--max", "2");
        var second = await RedriveAsync(cluster, mongodb: null, "--max", "2");
        var third = await RedriveAsync(cluster, mongodb: null);

        Assert.Equal([0, 0, 0], [first.ExitCode, second.ExitCode, third.ExitCode]);
        Assert.Contains("Redrove 2 dead letter(s)", first.Output, StringComparison.Ordinal);
        Assert.Contains("1 left for another run", first.Output, StringComparison.Ordinal);
        Assert.Contains("Redrove 1 dead letter(s)", second.Output, StringComparison.Ordinal);
        Assert.Contains("Redrove 0 dead letter(s)", third.Output, StringComparison.Ordinal);
        var copies = await cluster.ReadAllAsync(Topic, atLeast: 3, s_timeout);
        Assert.Equal(refusedEarlier.Select(p => p.Id), copies.Select(c => Encoding.UTF8.GetString(c.Message.Headers.GetLastBytes(PurchaseMessaging.Headers.PurchaseId))));
        foreach (var (copy, purchase) in copies.Zip(refusedEarlier))
        {
            var original = TestMessages.Message(purchase);
            Assert.Equal(purchase.UserId, copy.Message.Key);
            Assert.Equal(Encoding.UTF8.GetString(original.Value), copy.Message.Value);
            Assert.Equal(original.Headers.Select(h => h.Key), copy.Message.Headers.Select(h => h.Key));
        }

        // A dead letter left for the run the broker fails.
        await ProduceDeadLettersAsync(cluster, [TestMessages.Purchase("p-4")]);
        cluster.SetBrokerDown();
        var run = await RedriveAsync(cluster, mongodb: null);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Redrive stopped", run.Output, StringComparison.Ordinal);
        Assert.Contains("after replaying and committing 0 dead letter(s)", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs the command to its end with the environment a pod gives it; its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output)> RedriveAsync(KafkaMockCluster cluster, MongoTestDatabase? mongodb, params string[] arguments)
    {
        await using var run = BuiltApp.Start("BuyList.Management", [DeadLetterRedrive.Command, .. arguments], new Dictionary<string, string>
        {
            ["ConnectionStrings__kafka"] = cluster.BootstrapServers,
            ["ConnectionStrings__mongodb"] = mongodb?.ConnectionString ?? Loopback.UnreachableMongoDB,
        });
        var exitCode = await run.WaitForExitAsync(s_timeout);
        return (exitCode, run.Output);
    }

    /// <summary>Dead letters as the consumer writes them (DeadLetterPublisher), of purchases a rule since relaxed refused.</summary>
    private static async Task ProduceDeadLettersAsync(KafkaMockCluster cluster, IEnumerable<Purchase> purchases)
    {
        using var producer = KafkaTestKit.Producer(cluster.BootstrapServers);
        var offset = 0;
        foreach (var purchase in purchases)
        {
            var message = TestMessages.Message(purchase);
            AddHeader(message, PurchaseMessaging.Headers.DeadLetterError, DeadLetterErrors.ContractViolation);
            AddHeader(message, PurchaseMessaging.Headers.DeadLetterReason, "price: must be at most 5 (a rule since relaxed).");
            AddHeader(message, PurchaseMessaging.Headers.DeadLetterSourceTopic, Topic);
            AddHeader(message, PurchaseMessaging.Headers.DeadLetterSourcePartition, "0");
            AddHeader(message, PurchaseMessaging.Headers.DeadLetterSourceOffset, (offset++).ToString(CultureInfo.InvariantCulture));
            await producer.ProduceAsync(DeadLetterTopic, message, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<IReadOnlyList<string>> StoredIdsAsync(HttpClient api)
    {
        var purchases = await api.GetFromJsonAsync<List<Purchase>>("/purchases", TestContext.Current.CancellationToken);
        return [.. purchases!.Select(p => p.Id).Order(StringComparer.Ordinal)];
    }

    private static long DeadLetters(KafkaMockCluster cluster) => KafkaTestKit.HighWatermarks(cluster.BootstrapServers, DeadLetterTopic, 1)[0];

    private static long Published(KafkaMockCluster cluster) => KafkaTestKit.HighWatermarks(cluster.BootstrapServers, Topic, 1)[0];

    private static void AddHeader(Message<string, byte[]> message, string key, string value) => message.Headers.Add(key, Encoding.UTF8.GetBytes(value));
}
