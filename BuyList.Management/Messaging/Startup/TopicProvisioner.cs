using Confluent.Kafka.Admin;

namespace BuyList.Management.Messaging.Startup;

/// <summary>
/// Makes sure the purchase topic and the dead-letter topic exist before consuming. It reads the cluster's metadata
/// first and creates only what is missing, so it needs no create permission where the topics are provisioned by
/// the deployment, and tolerates another replica creating them at the same moment.
/// </summary>
public sealed class TopicProvisioner(IAdminClient admin, IOptions<PurchaseConsumerOptions> options, ILogger<TopicProvisioner> logger)
{
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Bounds the wait on a broker that never answers CreateTopics (the default is a minute).</summary>
    private static readonly CreateTopicsOptions s_createOptions = new() { RequestTimeout = TimeSpan.FromSeconds(10) };

    /// <exception cref="KafkaException">The cluster could not be reached; worth retrying.</exception>
    public async Task EnsureTopicsAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // GetMetadata blocks the calling thread.
        var metadata = await Task.Run(() => admin.GetMetadata(s_metadataTimeout), cancellationToken);
        var missing = new List<TopicSpecification>();
        foreach (var (topic, partitions) in new[] { (settings.Topic, settings.Partitions), (settings.DeadLetterTopic, PurchaseMessaging.DeadLetterPartitions) })
        {
            var existing = metadata.Topics.FirstOrDefault(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError);
            if (existing is null)
            {
                // The broker's default replication factor suits the cluster it runs in.
                missing.Add(new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = -1 });
            }
            else if (existing.Partitions.Count < partitions)
            {
                // Not raised automatically: more partitions move keys (users) to other partitions, which an operator should decide.
                ManagementLog.FewerPartitions(logger, topic, existing.Partitions.Count, partitions);
            }
            else
            {
                ManagementLog.TopicExists(logger, topic, existing.Partitions.Count);
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        IEnumerable<(string Topic, Error Error)> outcomes;
        try
        {
            await admin.CreateTopicsAsync(missing, s_createOptions);
            outcomes = missing.Select(t => (t.Name, new Error(ErrorCode.NoError)));
        }
        catch (CreateTopicsException ex)
        {
            outcomes = ex.Results.Select(r => (r.Topic, r.Error));
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            // E.g. a broker without CreateTopics: the topics have to be provisioned another way.
            outcomes = missing.Select(t => (t.Name, ex.Error));
        }

        foreach (var (topic, error) in outcomes)
        {
            switch (error.Code)
            {
                case ErrorCode.NoError:
                    ManagementLog.TopicCreated(logger, topic, missing.First(t => t.Name == topic).NumPartitions);
                    break;
                case ErrorCode.TopicAlreadyExists:
                    ManagementLog.TopicCreatedElsewhere(logger, topic);
                    break;
                default:
                    // Consuming still works once someone else creates the topic; the consumer waits for it.
                    ManagementLog.CreateFailed(logger, topic, error.Code, error.Reason);
                    break;
            }
        }
    }
}
