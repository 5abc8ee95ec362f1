using System.Diagnostics;
using System.Text;
using BuyList.Contracts;
using BuyList.Management.Storage;
using BuyList.ServiceDefaults.Kafka;
using Microsoft.AspNetCore.TestHost;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BuyList.Tests.Component.Observability;

/// <summary>
/// The spans an operator follows in the dashboard, collected by an in-memory exporter from Facing and Management on
/// the Kafka mock broker: a purchase is one trace from the HTTP request to the store write, a batch links to the
/// publishes it stores, listings cross both services, probes and scrapes are not traced, and no span carries a
/// username, a price or a user id. Against the tests' MongoDB server (<see cref="Requires.MongoDBAsync"/>) the driver's
/// span of the bulk write is checked under the process span, and the purchase read back; elsewhere a fake store
/// records the span the write ran under.
/// </summary>
public sealed class TraceChainTests
{
    private const string KafkaSource = KafkaTelemetry.ActivitySourceName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Merges "a listing is one trace across Facing and Management without the user id, while probes and scrapes are not traced": it follows the purchase's.</summary>
    [Fact]
    public async Task A_purchase_is_one_trace_from_the_request_through_the_kafka_publish_and_process_spans_to_the_store_write_and_a_listing_one_across_both_services_while_probes_are_not_traced()
    {
        await using var apps = new ObservedApps();
        var caller = NewCaller();
        var purchase = NewPurchase();

        // As Web's HttpClient sends it: its span's context, and baggage, in the W3C headers.
        using var response = await apps.Facing.PostBuyAsync(purchase.Body, ("traceparent", TraceParent(caller)), ("baggage", "buylist.origin=web"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Token))!["purchase"]!["id"]!;

        var process = await apps.Spans.WaitForAsync(s => s.TraceId == caller.TraceId && s.Kind == ActivityKind.Consumer, "Management's process span");
        var trace = apps.Spans.InTrace(caller.TraceId);

        // Facing's request, a child of the caller's span.
        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal("POST /buy", server.DisplayName);
        Assert.Equal(caller.SpanId, server.ParentSpanId);
        Assert.Equal("/buy", server.GetTagItem("http.route"));
        Assert.Equal(201, server.GetTagItem("http.response.status_code"));

        // The publish, a child of the request, where the broker put the message (a partition of the topic, a long
        // offset: the process span's are compared with these below).
        var publish = Assert.Single(trace, s => s.Kind == ActivityKind.Producer);
        Assert.Equal(KafkaSource, publish.Source.Name);
        Assert.Equal("send purchases", publish.DisplayName);
        Assert.Equal(server.SpanId, publish.ParentSpanId);
        AssertMessagingTags(publish, "send");
        var message = Assert.Single(await apps.Cluster.ReadAllAsync(PurchaseMessaging.Topic, atLeast: 1, TimeSpan.FromSeconds(30)), m => m.Message.Key == purchase.UserId);
        Assert.Equal(message.Partition.Value.ToString(CultureInfo.InvariantCulture), publish.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(message.Offset.Value, publish.GetTagItem("messaging.kafka.offset"));

        // The context crosses Kafka in the message headers: the publish span's, and the caller's baggage.
        Assert.Equal(TraceParent(publish.Context), message.Header("traceparent"));
        Assert.Equal("buylist.origin=web", message.Header("baggage"));

        // Management's processing of that single message is a child of the publish, in the same trace.
        Assert.Equal(KafkaSource, process.Source.Name);
        Assert.Equal("process purchases", process.DisplayName);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        AssertMessagingTags(process, "process");
        Assert.Equal(PurchaseMessaging.ConsumerGroup, process.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal(publish.GetTagItem("messaging.destination.partition.id"), process.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(publish.GetTagItem("messaging.kafka.offset"), process.GetTagItem("messaging.kafka.offset"));
        Assert.Equal(1, process.GetTagItem("buylist.purchases.stored"));

        // The store write runs under the process span (MongoDB.Driver's span would be its child), with the baggage.
        var write = Assert.Single(apps.Store.Writes, w => w.PurchaseIds.Contains(id));
        Assert.Equal(process.TraceId, write.Span?.TraceId);
        Assert.Equal(process.SpanId, write.Span?.SpanId);
        Assert.Equal("web", write.Baggage.GetValueOrDefault("buylist.origin"));

        Assert.Equal(3, trace.Count);
        AssertNoPersonalData(trace, purchase.Username, purchase.UserId, purchase.PriceText);

        // The listing: a user id may be an e-mail address, and it must not end up in telemetry either.
        var userId = $"ada.{Guid.NewGuid():N}@example.com";
        apps.Store.Add(new Purchase(Guid.NewGuid().ToString(), "Ada", userId, 3.5m, DateTimeOffset.UtcNow));
        var probes = NewCaller();
        using var managementClient = new HttpClient { BaseAddress = apps.ManagementAddress };
        foreach (var (client, path) in new[] { apps.Facing, managementClient }.SelectMany(c => new[] { "/health", "/alive", "/ready", "/metrics" }.Select(p => (c, p))))
        {
            using var probe = await GetTracedAsync(client, path, probes);
            Assert.NotEqual(HttpStatusCode.NotFound, probe.StatusCode);
        }

        var lister = NewCaller();
        using var listed = await GetTracedAsync(apps.Facing, $"/getAllUserBuys/{Uri.EscapeDataString(userId)}", lister);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Single((await listed.Content.ReadFromJsonAsync<JsonArray>(Token))!);

        var facingServer = await apps.Spans.WaitForAsync(
            s => s.TraceId == lister.TraceId && s.Kind == ActivityKind.Server && s.ParentSpanId == lister.SpanId, "Facing's listing request");
        var listing = apps.Spans.InTrace(lister.TraceId);
        Assert.Equal("GET /getAllUserBuys/{userid}", facingServer.DisplayName);
        Assert.Equal("/getAllUserBuys/{userid}", facingServer.GetTagItem("url.path"));

        var call = Assert.Single(listing, s => s.Kind == ActivityKind.Client);
        Assert.Equal(facingServer.SpanId, call.ParentSpanId);
        Assert.Equal($"{apps.ManagementAddress.GetLeftPart(UriPartial.Authority)}/purchases/Redacted?*", call.GetTagItem("url.full"));

        var managementServer = Assert.Single(listing, s => s.Kind == ActivityKind.Server && s.ParentSpanId == call.SpanId);
        Assert.Equal("GET /purchases/{userid}", managementServer.DisplayName);
        Assert.Equal("/purchases/{userid}", managementServer.GetTagItem("url.path"));
        AssertNoPersonalData(listing, userId, Uri.EscapeDataString(userId));

        // By now the probes' requests have long ended: none of them made a span.
        Assert.Empty(apps.Spans.InTrace(probes.TraceId));
    }

    [Fact]
    public async Task A_batch_process_span_links_to_the_publish_of_each_message_it_stores_and_the_write_runs_under_it()
    {
        // A window long enough for the three purchases to be stored as one batch.
        await using var apps = new ObservedApps(new Dictionary<string, string> { ["Purchases:BatchWindow"] = "00:00:03" });
        var callers = Enumerable.Range(0, 3).Select(_ => NewCaller()).ToList();
        var ids = new List<string>();
        foreach (var caller in callers)
        {
            using var response = await apps.Facing.PostBuyAsync(NewPurchase().Body, ("traceparent", TraceParent(caller)));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>(Token))!["purchase"]!["id"]!);
        }

        var publishes = await Task.WhenAll(callers.Select(caller =>
            apps.Spans.WaitForAsync(s => s.TraceId == caller.TraceId && s.Kind == ActivityKind.Producer, "a publish span")));

        var batch = await apps.Spans.WaitForAsync(
            s => s.Kind == ActivityKind.Consumer && s.Links.Any(l => l.Context.SpanId == publishes[0].SpanId),
            "the process span of the batch with the first purchase");

        Assert.Equal("process purchases", batch.DisplayName);
        Assert.Equal(default, batch.ParentSpanId);
        Assert.Equal(PurchaseMessaging.ConsumerGroup, batch.GetTagItem("messaging.consumer.group.name"));
        AssertMessagingTags(batch, "process");
        Assert.Equal(
            publishes.Select(p => p.Context.SpanId.ToHexString()).Order(),
            batch.Links.Select(l => l.Context.SpanId.ToHexString()).Order());
        Assert.All(batch.Links, l => Assert.Contains(callers, c => c.TraceId == l.Context.TraceId));
        Assert.Equal(3, batch.GetTagItem("messaging.batch.message_count"));

        var write = Assert.Single(apps.Store.Writes, w => w.PurchaseIds.Intersect(ids).Any());
        Assert.Equal(batch.SpanId, write.Span?.SpanId);
        Assert.Equal(batch.TraceId, write.Span?.TraceId);
    }

    [Fact]
    public async Task The_bulk_write_is_a_mongodb_span_under_the_process_span_without_query_text_and_the_purchase_is_stored()
    {
        await using var mongodb = await MongoTestDatabase.CreateAsync("buylist-trace");
        using var cluster = KafkaTestKit.PurchaseCluster();
        var spans = new SpanCollector();
        await using var management = new ManagementFactory(cluster.BootstrapServers, mongodb: mongodb.ConnectionString);
        var traced = management.WithWebHostBuilder(web => web.ConfigureTestServices(spans.ExportFrom));
        _ = traced.Services; // starts the host, and so the consumer
        var caller = NewCaller();
        var purchase = new Purchase(Guid.NewGuid().ToString(), "Ada Mongo", $"mongo-{Guid.NewGuid():N}"[..24], 7654.32m, DateTimeOffset.UtcNow);
        var message = TestMessages.Message(purchase);
        message.Headers.Add("traceparent", Encoding.UTF8.GetBytes(TraceParent(caller)));
        await KafkaTestKit.ProduceAsync(cluster, [message]);

        var process = await spans.WaitForAsync(s => s.TraceId == caller.TraceId && s.Kind == ActivityKind.Consumer, "the process span");

        // A span is written whether or not the write succeeded: the purchase itself must be there, as sent.
        var stored = await mongodb.Database.GetCollection<BsonDocument>(MongoPurchaseStore.CollectionName)
            .Find(Builders<BsonDocument>.Filter.Eq("_id", purchase.Id)).FirstOrDefaultAsync(Token);
        Assert.True(stored is not null, "The process span ended, but the purchase is not in the collection: its write failed.");
        Assert.Equal(purchase.UserId, stored["userid"].AsString);
        Assert.Equal(purchase.Username, stored["username"].AsString);
        Assert.Equal(new Decimal128(purchase.Price), stored["price"].AsDecimal128);

        var trace = spans.InTrace(caller.TraceId);
        var database = trace.Where(s => s.Source.Name == "MongoDB.Driver").ToList();
        Assert.NotEmpty(database);
        Assert.Contains(database, s => s.ParentSpanId == process.SpanId);
        Assert.All(database, s =>
        {
            Assert.Equal("mongodb", s.GetTagItem("db.system.name"));
            Assert.Null(s.GetTagItem("db.query.text"));
            Assert.NotEqual(ActivityStatusCode.Error, s.Status);
        });
        Assert.Contains(database, s => (string?)s.GetTagItem("db.collection.name") == "purchases");
        Assert.Equal(1, process.GetTagItem("buylist.purchases.stored"));
        AssertNoPersonalData(trace, purchase.Username, purchase.UserId, "7654.32");
    }

    private static void AssertMessagingTags(Activity span, string operation)
    {
        Assert.Equal("kafka", span.GetTagItem("messaging.system"));
        Assert.Equal(PurchaseMessaging.Topic, span.GetTagItem("messaging.destination.name"));
        Assert.Equal(operation, span.GetTagItem("messaging.operation.type"));
        Assert.Equal(operation, span.GetTagItem("messaging.operation.name"));
    }

    private static void AssertNoPersonalData(IEnumerable<Activity> spans, params string[] values)
    {
        foreach (var span in spans)
        {
            var texts = span.TagObjects.Select(t => $"{t.Key}={t.Value}")
                .Append(span.DisplayName)
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}")))
                .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));
            foreach (var text in texts)
            {
                Assert.All(values, value => Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    private static string TraceParent(ActivityContext context) => $"00-{context.TraceId}-{context.SpanId}-01";

    private static ActivityContext NewCaller() => new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    private static async Task<HttpResponseMessage> GetTracedAsync(HttpClient client, string path, ActivityContext caller)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", TraceParent(caller));
        return await client.SendAsync(request, Token);
    }

    private static (object Body, string Username, string UserId, string PriceText) NewPurchase()
    {
        var username = $"Ada {Guid.NewGuid():N}";
        var userId = $"trace-{Guid.NewGuid():N}"[..24];
        // A price no id or offset will contain by chance.
        var price = 7654.32m;
        return (new { username, userid = userId, price }, username, userId, "7654.32");
    }
}
