namespace BuyList.Management;

/// <summary>
/// Management's log events, numbered in one place: 1xx topic provisioning, 2xx consuming, storing and listing, 3xx the
/// redrive command.
/// Topics, partitions, offsets, counts, ids and error types only, never a purchase's values.
/// </summary>
internal static partial class ManagementLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Kafka topic {Topic} exists ({Partitions} partitions)")]
    public static partial void TopicExists(ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Created Kafka topic {Topic} with {Partitions} partitions")]
    public static partial void TopicCreated(ILogger logger, string topic, int partitions);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning,
        Message = "Kafka topic {Topic} has {Partitions} partitions, fewer than the {Configured} configured, which caps how many consumers share the work. Add partitions with kafka-topics --alter if that is intended")]
    public static partial void FewerPartitions(ILogger logger, string topic, int partitions, int configured);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Could not create Kafka topic {Topic}: {Code} {Reason}")]
    public static partial void CreateFailed(ILogger logger, string topic, ErrorCode code, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Kafka topic {Topic} was created meanwhile by someone else")]
    public static partial void TopicCreatedElsewhere(ILogger logger, string topic);

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Consuming {Topic} in group {Group}")]
    public static partial void Subscribed(ILogger logger, string topic, string group);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Assigned {Count} partition(s): {Partitions}")]
    public static partial void Assigned(ILogger logger, int count, string partitions);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Revoked {Count} partition(s): {Partitions}")]
    public static partial void Revoked(ILogger logger, int count, string partitions);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Lost {Count} partition(s): {Partitions}; their uncommitted messages will be read again by their new owner")]
    public static partial void Lost(ILogger logger, int count, string partitions);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Dropped {Count} unwritten message(s) of partitions no longer assigned")]
    public static partial void Dropped(ILogger logger, int count);

    [LoggerMessage(EventId = 205, Level = LogLevel.Debug, Message = "Wrote batch of {Messages} message(s): {Inserted} stored, {Duplicates} duplicate(s), {DeadLettered} dead-lettered")]
    public static partial void BatchWritten(ILogger logger, int messages, int inserted, int duplicates, int deadLettered);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Writing a batch of {Messages} message(s) failed (attempt {Attempt}, {ErrorType}); partitions paused, nothing committed, retrying in {Delay}")]
    public static partial void WriteFailed(ILogger logger, int messages, int attempt, TimeSpan delay, string errorType, Exception exception);

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "Partitions resumed after {Attempt} attempt(s)")]
    public static partial void Resumed(ILogger logger, int attempt);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "Stopping before a batch of {Messages} message(s) was written ({ErrorType}); it was not committed and will be read again")]
    public static partial void WriteAbandoned(ILogger logger, int messages, string errorType);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "Dead-lettered {Topic}[{Partition}]@{Offset}: {Error}")]
    public static partial void DeadLettered(ILogger logger, string topic, int partition, long offset, string error);

    [LoggerMessage(EventId = 210, Level = LogLevel.Debug, Message = "Committed {Topic}[{Partition}]@{Offset}")]
    public static partial void Committed(ILogger logger, string topic, int partition, long offset);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Committing {Count} partition offset(s) failed ({Code}); will retry")]
    public static partial void CommitFailed(ILogger logger, int count, ErrorCode code);

    [LoggerMessage(EventId = 212, Level = LogLevel.Warning, Message = "Consume error {Code}: {Reason}")]
    public static partial void ConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 213, Level = LogLevel.Debug, Message = "Offsets for the lag gauge unavailable ({Code})")]
    public static partial void LagUnavailable(ILogger logger, ErrorCode code);

    [LoggerMessage(EventId = 214, Level = LogLevel.Information, Message = "Left consumer group")]
    public static partial void Closed(ILogger logger);

    [LoggerMessage(EventId = 215, Level = LogLevel.Warning, Message = "Closing the consumer failed ({Code}); the group will notice after the session timeout")]
    public static partial void CloseFailed(ILogger logger, ErrorCode code);

    [LoggerMessage(EventId = 216, Level = LogLevel.Warning, Message = "Could not {Step} (attempt {Attempt}, {ErrorType}); retrying in {Delay}")]
    public static partial void StartupStepFailed(ILogger logger, string step, int attempt, TimeSpan delay, string errorType, Exception exception);

    [LoggerMessage(EventId = 217, Level = LogLevel.Critical, Message = "The purchase consumer stopped on an unrecoverable error")]
    public static partial void ConsumerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 218, Level = LogLevel.Information, Message = "Stopping with {Messages} unwritten message(s); they were not committed and will be read again")]
    public static partial void LeftUncommitted(ILogger logger, int messages);

    [LoggerMessage(EventId = 219, Level = LogLevel.Critical, Message = "Could not {Step}, and retrying cannot help; stopping the service")]
    public static partial void StartupStepImpossible(ILogger logger, string step, Exception exception);

    [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "Stopping; a batch in hand gets one final attempt within {FinalAttemptTimeout}")]
    public static partial void Stopping(ILogger logger, TimeSpan finalAttemptTimeout);

    [LoggerMessage(EventId = 221, Level = LogLevel.Error,
        Message = "Stored purchase {PurchaseId} cannot be read ({ErrorType}); it is left out of listings until the document is repaired")]
    public static partial void UnreadablePurchase(ILogger logger, string purchaseId, string errorType);

    [LoggerMessage(EventId = 222, Level = LogLevel.Warning, Message = "{Count} purchase(s) came under an id already stored for another purchase (an Idempotency-Key reused with another body); the stored one is kept")]
    public static partial void KeyConflicts(ILogger logger, int count);

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Redriving {Count} of the {Waiting} dead letter(s) on {Topic} to {Target} (group {Group})")]
    public static partial void RedriveStarting(ILogger logger, long count, long waiting, string topic, string target, string group);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Redrove {Count} dead letter(s) from {Topic} to {Target}, committed; {Left} left for another run")]
    public static partial void Redriven(ILogger logger, int count, string topic, string target, long left);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "Redrive stopped ({ErrorType}) after replaying and committing {Count} dead letter(s); the rest stays on {Topic} for another run")]
    public static partial void RedriveFailed(ILogger logger, int count, string topic, string errorType, Exception exception);
}
