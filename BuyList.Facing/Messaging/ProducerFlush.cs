using BuyList.Facing.Telemetry;
using Confluent.Kafka;

namespace BuyList.Facing.Messaging;

/// <summary>
/// Flushes the producer once the server has drained its requests on shutdown (after every hosted service stopped),
/// so nothing a request produced is left in librdkafka's queue when the process exits. Each request already waits for
/// its delivery report; this covers what is still queued when the drain time ran out.
/// </summary>
public sealed class ProducerFlush(IProducer<string, byte[]> producer, ILogger<ProducerFlush> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(5);

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // Flush blocks until the queue is empty or the timeout passes; keep it off the caller's thread.
        var left = await Task.Run(() => producer.Flush(s_flushTimeout), CancellationToken.None);
        if (left > 0)
        {
            FacingLog.FlushIncomplete(logger, left);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
