using System.Text;
using BuyList.Contracts;
using BuyList.Management.Messaging.Consuming;
using BuyList.Management.Messaging.DeadLetters;
using Confluent.Kafka;

namespace BuyList.Tests.Unit.Management;

public sealed class PurchaseMessageTests
{
    private static readonly Purchase s_purchase = new("p-1", "Ada", "user-1", 12.5m, PurchaseRules.ToTimestamp(DateTimeOffset.UtcNow));

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // without event headers the body decides
    public void A_v1_event_is_read_as_a_purchase(bool withEventHeaders)
    {
        var message = PurchaseMessage.Read(TestMessages.Consumed(PurchaseJson.Serialize(s_purchase), withEventHeaders ? TestMessages.EventHeaders("1") : []));

        Assert.Equal(s_purchase, message.Purchase);
        Assert.Null(message.Error);
    }

    [Theory]
    [InlineData("{not json", DeadLetterErrors.Unreadable)]
    [InlineData("""{"id":"p-1","username":"Ada","userid":"user-1","price":"12.50","timestamp":"2025-01-01T00:00:00Z"}""", DeadLetterErrors.Unreadable)]
    [InlineData("""{"id":"p-1","username":"Ada","userid":"user-1","price":12.5,"timestamp":"2025-01-01T00:00:00Z","extra":1}""", DeadLetterErrors.Unreadable)]
    [InlineData("""{"id":"p-1","username":"Ada","userid":"user 1","price":12.5,"timestamp":"2025-01-01T00:00:00Z"}""", DeadLetterErrors.ContractViolation)]
    [InlineData("""{"id":"p-1","username":"Ada","userid":"user-1","price":-3,"timestamp":"2025-01-01T00:00:00Z"}""", DeadLetterErrors.ContractViolation)]
    [InlineData(null, DeadLetterErrors.UnsupportedEventVersion, PurchaseMessaging.Headers.EventVersion, "2")]
    [InlineData(null, DeadLetterErrors.UnsupportedEventType, PurchaseMessaging.Headers.EventType, "PurchaseCancelled")]
    public void A_message_that_breaks_the_contract_or_is_another_event_type_or_version_is_refused_with_its_error(
        string? json, string error, string? header = null, string? value = null)
    {
        // Once two tests. Without a body, a v1 purchase: another type or version is refused even though the body reads as v1.
        var headers = TestMessages.EventHeaders("1");
        if (header is not null)
        {
            headers.Remove(header);
            headers.Add(header, Encoding.UTF8.GetBytes(value!));
        }

        var message = PurchaseMessage.Read(TestMessages.Consumed(json is null ? PurchaseJson.Serialize(s_purchase) : Encoding.UTF8.GetBytes(json), headers));

        Assert.Null(message.Purchase);
        Assert.Equal(error, message.Error);
        Assert.False(string.IsNullOrWhiteSpace(message.Reason));
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
