namespace BuyList.Facing.Messaging;

/// <summary>
/// Flushes the producer once the server has drained its requests on shutdown (the web host is the last hosted service
/// to start, so the first to stop), so nothing a request produced is left in librdkafka's queue when the process exits.
/// Each request already waits for its delivery report; this covers what is still queued when the drain time ran out.
/// </summary>
internal sealed class ProducerFlush(IProducer<string, byte[]> producer, ILogger<ProducerFlush> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Flush blocks until the queue is empty or the timeout passes; keep it off the caller's thread.
        var left = await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(5)), CancellationToken.None);
        if (left > 0)
        {
            FacingLog.FlushIncomplete(logger, left);
        }
    }
}
