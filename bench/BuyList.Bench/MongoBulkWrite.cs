using System.Globalization;
using BuyList.Contracts;
using BuyList.Management.Storage;
using BuyList.Management.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;

namespace BuyList.Bench;

/// <summary>
/// Management's bulk write (<see cref="MongoPurchaseStore.UpsertManyAsync"/>, w:majority, journaled) against the MongoDB
/// at <c>--Mongo</c>: <c>--Count</c> purchases in batches of <c>--Batch</c>, one batch at a time as the consumer writes
/// them, into a database of its own that is dropped afterwards.
/// </summary>
internal static class MongoBulkWrite
{
    public static async Task<int> RunAsync(IConfiguration options)
    {
        var connection = options["Mongo"] ?? throw new InvalidOperationException("--Mongo <connection string> is required.");
        var count = options.GetValue("Count", 20_000);
        var batch = options.GetValue("Batch", 100);
        var client = new MongoClient(connection);
        // The store reports unreadable documents to a meter; nothing reads it here.
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var databaseName = $"buylist-bench-{Guid.NewGuid():N}";
        try
        {
            var store = new MongoPurchaseStore(client.GetDatabase(databaseName), TimeProvider.System,
                new ManagementMetrics(meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<MongoPurchaseStore>.Instance);
            await store.InitializeAsync(CancellationToken.None);
            var timestamp = DateTimeOffset.UtcNow;
            var purchases = Enumerable.Range(0, count)
                .Select(i => new Purchase(Guid.CreateVersion7().ToString(), "Ada Lovelace", $"bench-user-{i % 1000}", 19.99m, timestamp))
                .ToList();

            var started = TimeProvider.System.GetTimestamp();
            var inserted = 0;
            foreach (var chunk in purchases.Chunk(batch))
            {
                inserted += (await store.UpsertManyAsync(chunk, CancellationToken.None)).Inserted;
            }

            var elapsed = TimeProvider.System.GetElapsedTime(started);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT mongo-write purchases={count} inserted={inserted} batch={batch} s={elapsed.TotalSeconds:F2} purchases_per_s={count / elapsed.TotalSeconds:F0} ms_per_batch={elapsed.TotalMilliseconds / Math.Ceiling(count / (double)batch):F2}"));
            return inserted == count ? 0 : 1;
        }
        finally
        {
            await client.DropDatabaseAsync(databaseName);
            client.Dispose();
        }
    }
}
