using System.Text;
using BuyList.Contracts;
using Confluent.Kafka;

namespace BuyList.Tests.Infrastructure;

/// <summary>Purchase messages as Facing publishes them.</summary>
internal static class TestMessages
{
    public static Headers EventHeaders(string version) => new()
    {
        { PurchaseMessaging.Headers.ContentType, Encoding.UTF8.GetBytes("application/json") },
        { PurchaseMessaging.Headers.EventType, Encoding.UTF8.GetBytes(PurchaseEventType.Name) },
        { PurchaseMessaging.Headers.EventVersion, Encoding.UTF8.GetBytes(version) },
    };

    public static Purchase Purchase(string id, string userId = "user-1", decimal price = 9.99m, DateTimeOffset? timestamp = null) =>
        new(id, $"name of {userId}", userId, price, timestamp ?? PurchaseRules.ToTimestamp(DateTimeOffset.UtcNow));

    public static Message<string, byte[]> Message(Purchase purchase)
    {
        var headers = EventHeaders("1");
        headers.Add(PurchaseMessaging.Headers.PurchaseId, Encoding.UTF8.GetBytes(purchase.Id));
        return new Message<string, byte[]> { Key = purchase.UserId, Value = PurchaseJson.Serialize(purchase), Headers = headers };
    }

    public static Message<string, byte[]> Raw(string key, string value, string version = "1") =>
        new() { Key = key, Value = Encoding.UTF8.GetBytes(value), Headers = EventHeaders(version) };

    /// <summary>A message as the consumer receives it from <c>purchases</c>.</summary>
    public static ConsumeResult<string, byte[]> Consumed(byte[] value, Headers headers, int partition = 0, long offset = 0) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(PurchaseMessaging.Topic, partition, offset),
        Message = new Message<string, byte[]> { Key = "user-1", Value = value, Headers = headers },
    };
}
