namespace BuyList.Management.Messaging.DeadLetters;

/// <summary>
/// Puts dead letters back on the topic once their cause is fixed (docs/reliability.md, "Replaying dead letters"). It
/// reads the dead-letter topic with a group of its own, from that group's committed offsets up to the ends the topic
/// had at the start, republishes each message with its key, value and original headers, and commits the dead-letter
/// offsets once the broker has acknowledged the copies, so a second run does not replay them. The service's consumer
/// then stores each purchase once (by id) and dead-letters again, with its reason, what still cannot be stored.
/// </summary>
public sealed class DeadLetterRedrive(
    KafkaConsumerFactory consumerFactory,
    IAdminClient admin,
    IProducer<string, byte[]> producer,
    IOptions<PurchaseConsumerOptions> options,
    ILogger<DeadLetterRedrive> logger)
{
    /// <summary>The command's name: <c>dotnet BuyList.Management.dll redrive [--max N]</c>.</summary>
    public const string Command = "redrive";

    private const string Usage = "Usage: dotnet BuyList.Management.dll redrive [--max N]  (N: the most dead letters to replay, at least 1)";

    /// <summary>The longest a broker request, or the wait for the next dead letter known to be there, may take.</summary>
    private static readonly TimeSpan s_brokerTimeout = TimeSpan.FromSeconds(30);

    private readonly PurchaseConsumerOptions _options = options.Value;

    /// <summary>
    /// Its own group: the service's group would rebalance every running consumer, and its offsets of the dead-letter
    /// topic are what makes a second run replay nothing.
    /// </summary>
    private string GroupId => $"{_options.ConsumerGroup}.{Command}";

    /// <summary>Runs the command with the service's configuration, without starting the service; the process exit code.</summary>
    public static async Task<int> RunCommandAsync(WebApplication app, IReadOnlyList<string> arguments)
    {
        await using (app)
        {
            var max = int.MaxValue;
            var valid = arguments switch
            {
                [] => true,
                ["--max", var value] => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out max) && max > 0,
                _ => false,
            };
            if (!valid)
            {
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }

            return await ActivatorUtilities.CreateInstance<DeadLetterRedrive>(app.Services).RunAsync(max) ? 0 : 1;
        }
    }

    /// <summary>Replays at most <paramref name="max"/> dead letters; false when the broker failed (what was committed stays replayed).</summary>
    private async Task<bool> RunAsync(int max)
    {
        var replayed = 0;
        try
        {
            using var consumer = consumerFactory.CreateBuilder(GroupId).Build();
            var ends = Plan(consumer, out var waiting);
            ManagementLog.RedriveStarting(logger, Math.Min(waiting, max), waiting, _options.DeadLetterTopic, _options.Topic, GroupId);
            while (ends.Count > 0 && replayed < max)
            {
                var batch = Read(consumer, ends, Math.Min(_options.BatchSize, max - replayed));
                List<Task> deliveries = [.. batch.Select(Republish)];
                // A failed delivery is rethrown below, once what was acknowledged is committed.
                await Task.WhenAll(deliveries).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

                // Committed up to the first copy that failed: one acknowledged after it is replayed again next run, and stored once.
                var acknowledged = deliveries.TakeWhile(d => d.IsCompletedSuccessfully).Count();
                var offsets = batch.Take(acknowledged).GroupBy(r => r.TopicPartition)
                    .Select(p => new TopicPartitionOffset(p.Key, p.Max(r => r.Offset.Value) + 1)).ToList();
                if (offsets.Count > 0)
                {
                    consumer.Commit(offsets);
                }

                replayed += acknowledged;
                if (acknowledged < batch.Count)
                {
                    await deliveries[acknowledged];
                }
            }

            consumer.Close();
            ManagementLog.Redriven(logger, replayed, _options.DeadLetterTopic, _options.Topic, waiting - replayed);
            return true;
        }
        catch (Exception ex) when (ex is KafkaException or TimeoutException)
        {
            var errorType = ex is KafkaException kafka ? kafka.Error.Code.ToString() : ex.GetType().Name;
            ManagementLog.RedriveFailed(logger, replayed, _options.DeadLetterTopic, errorType, ex);
            return false;
        }
    }

    /// <summary>
    /// Assigns each partition of the dead-letter topic from the group's committed offset (its start when none, or when
    /// retention has deleted past it) and returns the ends seen now, of the partitions that have dead letters to replay.
    /// </summary>
    private Dictionary<TopicPartition, long> Plan(IConsumer<string, byte[]> consumer, out long waiting)
    {
        var topic = _options.DeadLetterTopic;
        var metadata = admin.GetMetadata(topic, s_brokerTimeout).Topics.Single();
        if (metadata.Error.Code is not (ErrorCode.NoError or ErrorCode.UnknownTopicOrPart))
        {
            throw new KafkaException(metadata.Error);
        }

        var partitions = metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        var ends = new Dictionary<TopicPartition, long>();
        var assignment = new List<TopicPartitionOffset>();
        waiting = 0;
        foreach (var committed in consumer.Committed(partitions, s_brokerTimeout))
        {
            var watermarks = consumer.QueryWatermarkOffsets(committed.TopicPartition, s_brokerTimeout);
            var start = Math.Max(committed.Offset.Value, watermarks.Low.Value);
            if (start < watermarks.High.Value)
            {
                ends[committed.TopicPartition] = watermarks.High.Value;
                assignment.Add(new TopicPartitionOffset(committed.TopicPartition, start));
                waiting += watermarks.High.Value - start;
            }
        }

        // Assigned, not subscribed: no group to join, so the run starts at once and no member's leaving stalls it.
        consumer.Assign(assignment);
        return ends;
    }

    /// <summary>Reads up to <paramref name="count"/> dead letters, pausing each partition at its end.</summary>
    private static List<ConsumeResult<string, byte[]>> Read(IConsumer<string, byte[]> consumer, Dictionary<TopicPartition, long> ends, int count)
    {
        var batch = new List<ConsumeResult<string, byte[]>>(count);
        while (batch.Count < count && ends.Count > 0)
        {
            var result = consumer.Consume(s_brokerTimeout)
                ?? throw new TimeoutException($"No dead letter came within {s_brokerTimeout}, though {ends.Count} partition(s) have some left.");
            batch.Add(result);
            if (result.Offset.Value + 1 >= ends[result.TopicPartition])
            {
                ends.Remove(result.TopicPartition);
                consumer.Pause([result.TopicPartition]);
            }
        }

        return batch;
    }

    /// <summary>The message as it was before it was dead-lettered, to the topic.</summary>
    /// <remarks>No publish span: the copy keeps the trace context it was dead-lettered with, so its processing joins that trace.</remarks>
    private Task<DeliveryResult<string, byte[]>> Republish(ConsumeResult<string, byte[]> dead) =>
        producer.ProduceAsync(_options.Topic, new Message<string, byte[]>
        {
            Key = dead.Message.Key,
            Value = dead.Message.Value,
            Headers = DeadLetterPublisher.OriginalHeaders(dead.Message.Headers),
        });
}
