using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using BuyList.Contracts;
using Confluent.Kafka;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BuyList.Bench;

/// <summary>
/// The two sides of tools/chaos/run.sh. <c>chaos-load</c>: concurrent clients send purchases to Facing, each with its
/// own Idempotency-Key, until SIGTERM, and write one line per request: the purchase id the key makes and the outcome.
/// <c>chaos-audit</c>: reads the outcomes, every event on the topic and every stored document, and prints one table
/// row per outcome file; it fails when a purchase answered 201 is missing, one is there twice, or one refused as
/// "not recorded" was published or stored.
/// </summary>
internal static class Chaos
{
    public static async Task<int> LoadAsync(IConfiguration options)
    {
        var url = new Uri(options["Url"] ?? throw new InvalidOperationException("--Url is required."));
        var output = options["Out"] ?? throw new InvalidOperationException("--Out is required.");
        var prefix = options["Prefix"] ?? "chaos";
        var clients = options.GetValue("Clients", 8);
        // A pause between a client's requests keeps the topic small enough to audit in seconds.
        var pause = TimeSpan.FromMilliseconds(options.GetValue("PauseMs", 20));
        using var stop = new CancellationTokenSource(Lifetime.Max(options));
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        // Long enough for the producer's message timeout: every request gets its answer.
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        var outcomes = new ConcurrentQueue<string>();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"{prefix}-{c}-{n}";
                var userId = $"{prefix}-user-{c}";
                var outcome = await BuyAsync(http, key, userId);
                outcomes.Enqueue($"{PurchaseIds.FromIdempotencyKey(userId, key)}\t{outcome}");
                // A client told to retry later (or not answered) waits longer.
                var failed = outcome.StartsWith("error", StringComparison.Ordinal) || outcome.StartsWith("503", StringComparison.Ordinal);
                await Task.Delay(failed ? TimeSpan.FromMilliseconds(200) : pause, CancellationToken.None);
            }
        })));
        await File.WriteAllLinesAsync(output, outcomes);
        return 0;
    }

    private static async Task<string> BuyAsync(HttpClient http, string key, string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/buy")
        {
            Content = JsonContent.Create(new { username = "Chaos Monkey", userid = userId, price = 12.34m }),
        };
        request.Headers.Add(PurchaseHttpHeaders.IdempotencyKey, key);
        try
        {
            using var response = await http.SendAsync(request, CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            // A 503 naming the purchase id says it may have been recorded; the other says it was not.
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return problem.TryGetProperty("purchaseId", out _) ? "503-uncertain" : "503";
        }
        catch (HttpRequestException ex)
        {
            return $"error-{ex.HttpRequestError}";
        }
        catch (TaskCanceledException)
        {
            return "error-timeout";
        }
    }

    public static async Task<int> AuditAsync(IConfiguration options)
    {
        var kafka = options["Kafka"] ?? throw new InvalidOperationException("--Kafka is required.");
        var mongo = options["Mongo"] ?? throw new InvalidOperationException("--Mongo is required.");
        var files = (options["Results"] ?? throw new InvalidOperationException("--Results is required.")).Split(',');
        var settle = TimeSpan.FromSeconds(options.GetValue("SettleSeconds", 60));

        var events = ReadEvents(kafka);
        var collection = new MongoClient(mongo).GetDatabase("buylist").GetCollection<BsonDocument>("purchases");
        // Management may still be storing the last events: wait until every event's purchase is there, or give up.
        var deadline = DateTime.UtcNow + settle;
        HashSet<string> stored;
        while (true)
        {
            stored = (await collection.Find(FilterDefinition<BsonDocument>.Empty).Project(Builders<BsonDocument>.Projection.Include("_id")).ToListAsync())
                .Select(d => d["_id"].AsString).ToHashSet(StringComparer.Ordinal);
            if (events.Keys.All(stored.Contains) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        Console.WriteLine("| scenario | sent | accepted (201) | refused (503) | uncertain (503) | no answer | events found | documents stored | lost | duplicated | refused but published |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var bad = 0;
        foreach (var file in files)
        {
            var outcomes = File.ReadAllLines(file).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            var accepted = outcomes.Where(o => o.Value == "201").Select(o => o.Key).ToList();
            var refused = outcomes.Where(o => o.Value == "503").Select(o => o.Key).ToList();
            var uncertain = outcomes.Count(o => o.Value == "503-uncertain");
            var noAnswer = outcomes.Count(o => o.Value.StartsWith("error", StringComparison.Ordinal));
            var found = outcomes.Keys.Count(events.ContainsKey);
            var documents = outcomes.Keys.Count(stored.Contains);
            var lost = accepted.Count(k => !events.ContainsKey(k) || !stored.Contains(k));
            var duplicated = outcomes.Keys.Sum(k => events.TryGetValue(k, out var count) ? count - 1 : 0);
            var refusedPublished = refused.Count(k => events.ContainsKey(k) || stored.Contains(k));
            bad += lost + duplicated + refusedPublished;
            Console.WriteLine($"| {Path.GetFileNameWithoutExtension(file)} | {outcomes.Count} | {accepted.Count} | {refused.Count} | {uncertain} | {noAnswer} | {found} | {documents} | {lost} | {duplicated} | {refusedPublished} |");
        }

        Console.WriteLine($"TOTAL events={events.Values.Sum()} documents={stored.Count}");
        return bad == 0 ? 0 : 1;
    }

    /// <summary>Every event on <c>purchases</c>, from offset 0 to the high watermarks: purchase id and how often it is there.</summary>
    private static Dictionary<string, int> ReadEvents(string kafka)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka,
            GroupId = $"chaos-audit-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).Build();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka }).Build();
        var partitions = admin.GetMetadata(PurchaseMessaging.Topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(PurchaseMessaging.Topic, p.PartitionId)).ToList();
        var highs = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Where(p => highs[p] > 0).Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var events = new Dictionary<string, int>(StringComparer.Ordinal);
        var remaining = highs.Values.Sum();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (remaining > 0 && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null } && result.Offset < highs[result.TopicPartition])
            {
                var id = PurchaseJson.Deserialize(result.Message.Value).Id;
                events[id] = events.GetValueOrDefault(id) + 1;
                remaining--;
            }
        }

        return remaining == 0 ? events : throw new InvalidOperationException($"{remaining} event(s) could not be read from the topic.");
    }
}
