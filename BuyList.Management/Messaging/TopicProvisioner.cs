using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Options;

namespace BuyList.Management.Messaging;

/// <summary>
/// Makes sure the purchase topic and the dead-letter topic exist before consuming. It reads the cluster's metadata
/// first and creates only what is missing, so it needs no create permission where the topics are provisioned by
/// the deployment, and tolerates another replica creating them at the same moment.
/// </summary>
public sealed partial class TopicProvisioner(IAdminClient admin, IOptions<PurchasesOptions> options, ILogger<TopicProvisioner> logger)
{
    /// <summary>The dead-letter topic is low-volume and read by people: one partition keeps it in order.</summary>
    public const int DeadLetterPartitions = 1;

    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Bounds the wait on a broker that never answers CreateTopics (the default is a minute).</summary>
    private static readonly CreateTopicsOptions s_createOptions = new() { RequestTimeout = TimeSpan.FromSeconds(10) };

    /// <exception cref="KafkaException">The cluster could not be reached; worth retrying.</exception>
    public async Task EnsureTopicsAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var wanted = new Dictionary<string, int>
        {
            [settings.Topic] = settings.Partitions,
            [settings.DeadLetterTopic] = DeadLetterPartitions,
        };

        // GetMetadata blocks the calling thread.
        var metadata = await Task.Run(() => admin.GetMetadata(s_metadataTimeout), cancellationToken);
        var missing = new List<TopicSpecification>();
        foreach (var (topic, partitions) in wanted)
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
                LogFewerPartitions(logger, topic, existing.Partitions.Count, partitions);
            }
            else
            {
                LogTopicExists(logger, topic, existing.Partitions.Count);
            }
        }

        if (missing.Count > 0)
        {
            await CreateAsync(missing);
        }
    }

    private async Task CreateAsync(List<TopicSpecification> topics)
    {
        try
        {
            await admin.CreateTopicsAsync(topics, s_createOptions);
            foreach (var topic in topics)
            {
                LogTopicCreated(logger, topic.Name, topic.NumPartitions);
            }
        }
        catch (CreateTopicsException ex)
        {
            foreach (var result in ex.Results)
            {
                switch (result.Error.Code)
                {
                    case ErrorCode.NoError:
                        LogTopicCreated(logger, result.Topic, topics.First(t => t.Name == result.Topic).NumPartitions);
                        break;
                    case ErrorCode.TopicAlreadyExists:
                        LogTopicCreatedElsewhere(logger, result.Topic);
                        break;
                    default:
                        // Consuming still works once someone else creates the topic; the consumer waits for it.
                        LogCreateFailed(logger, result.Topic, result.Error.Code, result.Error.Reason);
                        break;
                }
            }
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            // E.g. a broker without CreateTopics: the topics have to be provisioned another way.
            foreach (var topic in topics)
            {
                LogCreateFailed(logger, topic.Name, ex.Error.Code, ex.Error.Reason);
            }
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Kafka topic {Topic} exists ({Partitions} partitions)")]
    private static partial void LogTopicExists(ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Created Kafka topic {Topic} with {Partitions} partitions")]
    private static partial void LogTopicCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "Kafka topic {Topic} has {Partitions} partitions, fewer than the {Configured} configured, which caps how many consumers share the work. Add partitions with kafka-topics --alter if that is intended")]
    private static partial void LogFewerPartitions(ILogger logger, string topic, int partitions, int configured);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Could not create Kafka topic {Topic}: {Code} {Reason}")]
    private static partial void LogCreateFailed(ILogger logger, string topic, ErrorCode code, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Kafka topic {Topic} was created meanwhile by someone else")]
    private static partial void LogTopicCreatedElsewhere(ILogger logger, string topic);
}
