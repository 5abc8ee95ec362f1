using System.Text;
using BuyList.Contracts;
using BuyList.Management.Messaging;
using BuyList.Management.Messaging.Consuming;
using BuyList.Management.Messaging.DeadLetters;
using Microsoft.Extensions.Options;

namespace BuyList.Tests.Component.Management;

/// <summary>The dead-letter copy as an operator reads it from <c>purchases.dlq</c> (the mock cluster).</summary>
public sealed class DeadLetterPublisherTests
{
    [Fact]
    public async Task The_copy_keeps_the_message_and_its_headers_and_says_where_from_and_why()
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic(PurchaseMessaging.DeadLetterTopic, 1);
        using var producer = KafkaTestKit.Producer(cluster.BootstrapServers);
        var publisher = new DeadLetterPublisher(producer, Options.Create(new PurchaseConsumerOptions()));
        var headers = TestMessages.EventHeaders("1");
        headers.Add("x-custom", [1, 2, 3]);
        // A message dead-lettered before (and replayed) must not carry two verdicts.
        headers.Add(PurchaseMessaging.Headers.DeadLetterError, Encoding.UTF8.GetBytes("stale"));
        var message = PurchaseMessage.Read(TestMessages.Consumed("{"u8.ToArray(), headers, partition: 3, offset: 42));

        await publisher.PublishAsync([message]);

        Assert.True(message.DeadLettered);
        var copy = Assert.Single(await cluster.ReadAllAsync(PurchaseMessaging.DeadLetterTopic, atLeast: 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("user-1", copy.Message.Key);
        Assert.Equal("{", copy.Message.Value);
        Assert.Equal([1, 2, 3], copy.Message.Headers.GetLastBytes("x-custom"));
        Assert.Equal(PurchaseEventType.Name, copy.Header(PurchaseMessaging.Headers.EventType));
        Assert.Single(copy.Message.Headers, h => h.Key == PurchaseMessaging.Headers.DeadLetterError);
        Assert.Equal(DeadLetterErrors.Unreadable, copy.Header(PurchaseMessaging.Headers.DeadLetterError));
        Assert.False(string.IsNullOrWhiteSpace(copy.Header(PurchaseMessaging.Headers.DeadLetterReason)));
        Assert.Equal(PurchaseMessaging.Topic, copy.Header(PurchaseMessaging.Headers.DeadLetterSourceTopic));
        Assert.Equal("3", copy.Header(PurchaseMessaging.Headers.DeadLetterSourcePartition));
        Assert.Equal("42", copy.Header(PurchaseMessaging.Headers.DeadLetterSourceOffset));
    }
}
