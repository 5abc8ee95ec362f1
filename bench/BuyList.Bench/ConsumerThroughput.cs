using System.Globalization;
using System.Net;
using System.Text;
using BuyList.AppHost.Hosting;
using BuyList.Contracts;
using BuyList.ServiceDefaults;
using BuyList.Tests.Infrastructure;
using Confluent.Kafka;

namespace BuyList.Bench;

/// <summary>
/// Management's consumer alone: <c>--Count</c> valid purchase events (with Facing's headers) are put on a fresh mock
/// cluster's topic first, then Management starts with an in-memory store and drains them through reading, the
/// contract check, batching and the store. The rate is taken from the first write to the last, so the group join
/// (seconds on the mock) is reported apart; it is taken twice, cold (the process's first drain) and warm (the same
/// events again in other groups, <c>--WarmRounds</c> times, default 3). CPU per event is the whole process's (Management and the mock broker it reads
/// from) from the first write to the last, divided by the events: steadier than the rate on a busy machine.
/// With <c>--Kafka</c> it drains that broker's topic instead, filled beforehand by the <c>fill</c> role from another
/// process, so that its CPU and memory are Management's alone (bench/run.sh --capacity runs it under the pod's limits),
/// with groups named after <c>--Group</c>: the first drain is then also the process's first use of Confluent.Kafka, as
/// in a fresh replica (bench/coldstart.sh starts one process per measurement).
/// </summary>
internal static class ConsumerThroughput
{
    /// <summary>As Management creates the topic by default.</summary>
    private const int Partitions = 6;

    public static async Task<int> RunAsync(IConfiguration options)
    {
        var count = options.GetValue("Count", 60_000);
        var timeout = TimeSpan.FromSeconds(options.GetValue("TimeoutSeconds", 120));
        using var cluster = options["Kafka"] is null ? new KafkaMockCluster() : null;
        if (cluster is not null)
        {
            cluster.CreateTopic(PurchaseMessaging.Topic, Partitions);
            cluster.CreateTopic(PurchaseMessaging.DeadLetterTopic, 1);
            Fill(cluster.BootstrapServers, count);
        }

        var bootstrapServers = options["Kafka"] ?? cluster!.BootstrapServers;
        EnsureAllOnTopic(bootstrapServers, count);

        var group = options["Group"] ?? PurchaseMessaging.ConsumerGroup;
        var cold = await DrainAsync(bootstrapServers, group, count, timeout, options["BatchSize"]);
        if (cold is null)
        {
            return 1;
        }

        // The same events again in other groups, now that the process has compiled its code: the first drain runs
        // while the JIT is still compiling and recompiling (a third of its CPU samples), which a service that has been
        // running a while does not pay. Several drains, as one lasts about a second.
        var rounds = options.GetValue("WarmRounds", 3);
        TimeSpan draining = default;
        var cpu = 0.0;
        for (var round = 1; round <= rounds; round++)
        {
            var warm = await DrainAsync(bootstrapServers, $"{group}-warm{round}", count, timeout, options["BatchSize"]);
            if (warm is null)
            {
                return 1;
            }

            draining += warm.Value.Draining;
            cpu += warm.Value.CpuPerEvent;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT consumer events={count} batch={options["BatchSize"] ?? "shipped"} events_per_s={count * rounds / draining.TotalSeconds:F0} drain_s={draining.TotalSeconds / rounds:F2} cpu_us_per_event={cpu / rounds:F1} warm_rounds={rounds} cold_events_per_s={count / cold.Value.Draining.TotalSeconds:F0} cold_drain_s={cold.Value.Draining.TotalSeconds:F2} cold_cpu_us_per_event={cold.Value.CpuPerEvent:F1} start_to_first_write_s={cold.Value.Joining.TotalSeconds:F2} process_to_ready_s={cold.Value.ProcessToReady.TotalSeconds:F2} process_to_first_write_s={cold.Value.ProcessToFirstWrite.TotalSeconds:F2} {Runtime()}"));
        return 0;
    }

    /// <summary>The <c>fill</c> role: <c>--Count</c> events on the topic of the broker at <c>--Kafka</c>, for a consumer run elsewhere.</summary>
    public static int FillTopic(IConfiguration options)
    {
        var bootstrapServers = options["Kafka"] ?? throw new InvalidOperationException("--Kafka <bootstrap servers> is required.");
        var count = options.GetValue("Count", 60_000);
        Fill(bootstrapServers, count);
        EnsureAllOnTopic(bootstrapServers, count);
        Console.WriteLine($"filled {count}");
        return 0;
    }

    /// <summary>
    /// What the runtime chose from the limits it found (the CPU quota decides the processor count, and with it the
    /// GC's mode and heaps; the memory limit what the GC counts as available), and the process's peak resident memory.
    /// </summary>
    private static string Runtime()
    {
        var gc = GC.GetConfigurationVariables();
        var peakKb = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return string.Create(CultureInfo.InvariantCulture,
            $"cpus={Environment.ProcessorCount} gc={(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} gc_heaps={gc.GetValueOrDefault("HeapCount")} gc_memory_limit_mb={GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024)} peak_rss_mb={long.Parse(peakKb, CultureInfo.InvariantCulture) / 1024}");
    }

    /// <summary>
    /// Starts Management with its consumer in <paramref name="group"/> over a fresh in-memory store and waits until it
    /// has stored all <paramref name="count"/> events; null when it timed out.
    /// </summary>
    private static async Task<Drain?> DrainAsync(string bootstrapServers, string group, int count, TimeSpan timeout, string? batchSize)
    {
        var settings = new Dictionary<string, string> { ["Purchases:ConsumerGroup"] = group };
        if (batchSize is not null)
        {
            settings["Purchases:BatchSize"] = batchSize;
        }

        var store = new FakePurchaseStore();
        var started = TimeProvider.System.GetTimestamp();
        await using var app = new ManagementApp(bootstrapServers, store, runConsumer: true, settings);
        _ = app.Services; // starts the host, and with it the consumer
        using var client = app.CreateClient();
        var ready = ReadyAtAsync(client);
        var stored = store.StoredAsync(count);
        if (await Task.WhenAny(stored, Task.Delay(timeout)) != stored)
        {
            Console.WriteLine($"RESULT consumer events={count} group={group} stored={store.Purchases.Count} timed_out_after_s={timeout.TotalSeconds}");
            return null;
        }

        var done = TimeProvider.System.GetTimestamp();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime - store.FirstWriteCpu;
        // The process's start as a timestamp: its age now (kernel start time, 10 ms resolution) taken from now.
        var processStarted = done - (long)((DateTime.Now - process.StartTime).TotalSeconds * TimeProvider.System.TimestampFrequency);
        return new Drain(TimeProvider.System.GetElapsedTime(store.FirstWriteAt, done), TimeProvider.System.GetElapsedTime(started, store.FirstWriteAt),
            cpu.TotalMicroseconds / count, TimeProvider.System.GetElapsedTime(processStarted, await ready),
            TimeProvider.System.GetElapsedTime(processStarted, store.FirstWriteAt));
    }

    private readonly record struct Drain(TimeSpan Draining, TimeSpan Joining, double CpuPerEvent, TimeSpan ProcessToReady, TimeSpan ProcessToFirstWrite);

    /// <summary>When <c>/ready</c> first answered 200 (<see cref="TimeProvider.GetTimestamp"/>), polled every 10 ms.</summary>
    private static async Task<long> ReadyAtAsync(HttpClient client)
    {
        while (true)
        {
            using var response = await client.GetAsync(ServiceDefaultsExtensions.ReadyPath);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return TimeProvider.System.GetTimestamp();
            }

            await Task.Delay(10);
        }
    }

    /// <summary>
    /// The mock broker keeps about 5 MB per partition and silently drops the oldest messages beyond (a real one keeps
    /// them by its retention), so a count too large for it would be measured short: refused instead.
    /// </summary>
    private static void EnsureAllOnTopic(string bootstrapServers, int count)
    {
        using var probe = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "bench-probe" }).Build();
        var watermarks = Enumerable.Range(0, Partitions)
            .Select(p => probe.QueryWatermarkOffsets(new TopicPartition(PurchaseMessaging.Topic, p), TimeSpan.FromSeconds(10)))
            .ToList();
        var held = watermarks.Sum(w => w.High.Value - w.Low.Value);
        if (held != count)
        {
            throw new InvalidOperationException($"The mock broker holds {held} of the {count} events (it keeps about 5 MB per partition); use a smaller --Count.");
        }
    }

    /// <summary>Puts the events on the topic as Facing would (key, value, headers), as fast as the producer goes.</summary>
    private static void Fill(string bootstrapServers, int count)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 20,
            // The mock broker serves no batch larger than a consumer's max.partition.fetch.bytes (a real one does), so
            // batches stay far below it; Facing's are a few messages each anyway.
            BatchSize = 64 * 1024,
        }).Build();
        var failed = 0;
        var timestamp = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var purchase = new Purchase(Guid.CreateVersion7().ToString(), "Ada Lovelace", $"bench-user-{i % 1000}", 19.99m, timestamp);
            var message = new Message<string, byte[]>
            {
                Key = purchase.UserId,
                Value = PurchaseJson.Serialize(purchase),
                Headers = new Headers
                {
                    { PurchaseMessaging.Headers.ContentType, "application/json"u8.ToArray() },
                    { PurchaseMessaging.Headers.EventType, Encoding.UTF8.GetBytes(PurchaseEventType.Name) },
                    { PurchaseMessaging.Headers.EventVersion, "1"u8.ToArray() },
                    { PurchaseMessaging.Headers.PurchaseId, Encoding.UTF8.GetBytes(purchase.Id) },
                    { "traceparent", Encoding.UTF8.GetBytes($"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01") },
                },
            };
            producer.Produce(PurchaseMessaging.Topic, message, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failed);
                }
            });
        }

        var unsent = producer.Flush(TimeSpan.FromSeconds(60));
        if (failed > 0 || unsent > 0)
        {
            throw new InvalidOperationException($"{failed + unsent} of {count} events could not be put on the topic.");
        }

        EnsureAllOnTopic(bootstrapServers, count);
    }
}
