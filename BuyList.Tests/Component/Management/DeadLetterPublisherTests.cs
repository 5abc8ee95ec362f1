using System.Text;
using BuyList.AppHost.Hosting;
using BuyList.Contracts;
using BuyList.Management.Messaging;
using BuyList.Management.Messaging.Consuming;
using BuyList.Management.Messaging.DeadLetters;
using BuyList.Tests.Infrastructure;
using Confluent.Kafka;
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
        var copy = Assert.Single(await cluster.ReadAllAsync(PurchaseMessaging.DeadLetterTopic, atLeast: 1, TimeSpan.FromSeconds(30))).Message;
        Assert.Equal("user-1", copy.Key);
        Assert.Equal("{", copy.Value);
        Assert.Equal([1, 2, 3], copy.Headers.GetLastBytes("x-custom"));
        Assert.Equal(PurchaseEventType.Name, Header(copy, PurchaseMessaging.Headers.EventType));
        Assert.Single(copy.Headers, h => h.Key == PurchaseMessaging.Headers.DeadLetterError);
        Assert.Equal(DeadLetterErrors.Unreadable, Header(copy, PurchaseMessaging.Headers.DeadLetterError));
        Assert.False(string.IsNullOrWhiteSpace(Header(copy, PurchaseMessaging.Headers.DeadLetterReason)));
        Assert.Equal(PurchaseMessaging.Topic, Header(copy, PurchaseMessaging.Headers.DeadLetterSourceTopic));
        Assert.Equal("3", Header(copy, PurchaseMessaging.Headers.DeadLetterSourcePartition));
        Assert.Equal("42", Header(copy, PurchaseMessaging.Headers.DeadLetterSourceOffset));
    }

    private static string Header(Message<string, string> message, string key) =>
        Encoding.UTF8.GetString(message.Headers.GetLastBytes(key));
}
