using System.Text;
using BuyList.Contracts;
using BuyList.Management.Messaging.Consuming;
using BuyList.Management.Messaging.DeadLetters;
using BuyList.Tests.Infrastructure;
using Confluent.Kafka;

namespace BuyList.Tests.Unit.Management;

public sealed class PurchaseMessageTests
{
    private static readonly Purchase s_purchase = new("p-1", "Ada", "user-1", 12.5m, PurchaseRules.ToTimestamp(DateTimeOffset.UtcNow));

    [Fact]
    public void A_v1_event_is_read_as_a_purchase()
    {
        var message = PurchaseMessage.Read(TestMessages.Consumed(PurchaseJson.Serialize(s_purchase), TestMessages.EventHeaders("1")));

        Assert.Equal(s_purchase, message.Purchase);
        Assert.Null(message.Error);
    }

    [Fact]
    public void Without_event_headers_the_body_decides()
    {
        var message = PurchaseMessage.Read(TestMessages.Consumed(PurchaseJson.Serialize(s_purchase), []));

        Assert.Equal(s_purchase, message.Purchase);
    }

    [Theory]
    [InlineData("{not json", DeadLetterErrors.Unreadable)]
    [InlineData("""{"id":"p-1","username":"Ada","userid":"user-1","price":"12.50","timestamp":"2025-01-01T00:00:00Z"}""", DeadLetterErrors.Unreadable)]
    [InlineData("""{"id":"p-1","username":"Ada","userid":"user-1","price":12.5,"timestamp":"2025-01-01T00:00:00Z","extra":1}""", DeadLetterErrors.Unreadable)]
    [InlineData("""{"id":"p-1","username":"Ada","userid":"user 1","price":12.5,"timestamp":"2025-01-01T00:00:00Z"}""", DeadLetterErrors.ContractViolation)]
    [InlineData("""{"id":"p-1","username":"Ada","userid":"user-1","price":-3,"timestamp":"2025-01-01T00:00:00Z"}""", DeadLetterErrors.ContractViolation)]
    public void A_message_that_breaks_the_contract_is_refused_with_its_error(string json, string error)
    {
        var message = PurchaseMessage.Read(TestMessages.Consumed(Encoding.UTF8.GetBytes(json), TestMessages.EventHeaders("1")));

        Assert.Null(message.Purchase);
        Assert.Equal(error, message.Error);
        Assert.False(string.IsNullOrWhiteSpace(message.Reason));
    }

    [Fact]
    public void Another_event_version_is_refused_even_if_the_body_reads_as_v1()
    {
        var message = PurchaseMessage.Read(TestMessages.Consumed(PurchaseJson.Serialize(s_purchase), TestMessages.EventHeaders("2")));

        Assert.Null(message.Purchase);
        Assert.Equal(DeadLetterErrors.UnsupportedEventVersion, message.Error);
    }

    [Fact]
    public void Another_event_type_is_refused()
    {
        var headers = new Headers { { PurchaseMessaging.Headers.EventType, Encoding.UTF8.GetBytes("PurchaseCancelled") } };

        var message = PurchaseMessage.Read(TestMessages.Consumed(PurchaseJson.Serialize(s_purchase), headers));

        Assert.Equal(DeadLetterErrors.UnsupportedEventType, message.Error);
    }

    [Fact]
    public void A_message_that_fails_to_read_for_an_unforeseen_reason_is_refused_as_unreadable_without_quoting_it()
    {
        // Kafka allows a header without a value; reading one as text throws, which no contract check foresaw.
        var headers = new Headers { { PurchaseMessaging.Headers.EventType, null } };

        var message = PurchaseMessage.Read(TestMessages.Consumed(PurchaseJson.Serialize(s_purchase), headers));

        Assert.Null(message.Purchase);
        Assert.Equal(DeadLetterErrors.Unreadable, message.Error);
        Assert.Contains(nameof(ArgumentNullException), message.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(s_purchase.UserId, message.Reason, StringComparison.Ordinal);
    }
}
