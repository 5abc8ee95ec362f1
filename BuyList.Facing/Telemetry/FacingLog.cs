namespace BuyList.Facing.Telemetry;

/// <summary>Facing's log events. Ids, codes and field names only: never a username, a price or a body.</summary>
internal static partial class FacingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Purchase {PurchaseId} persisted to {TopicPartitionOffset}")]
    public static partial void PurchasePersisted(ILogger logger, string purchaseId, TopicPartitionOffset topicPartitionOffset);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Purchase {PurchaseId} was not published: {ErrorCode}, persistence {PersistenceStatus}")]
    public static partial void PublishFailed(ILogger logger, string purchaseId, ErrorCode errorCode, PersistenceStatus persistenceStatus);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Purchase refused with {StatusCode}; fields: {Fields}")]
    public static partial void PurchaseRefused(ILogger logger, int statusCode, string fields);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Management could not list purchases: {Failure}")]
    public static partial void ManagementUnavailable(ILogger logger, string failure);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Shutdown: {Count} message(s) still in the producer's queue after the flush")]
    public static partial void FlushIncomplete(ILogger logger, int count);
}
