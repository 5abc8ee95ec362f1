using System.Text;
using BuyList.Contracts;

namespace BuyList.Tests.Unit.Contracts;

/// <summary>What the strict reader refuses beyond the schema, which cannot see it.</summary>
public sealed class PurchaseJsonTests
{
    [Fact]
    public void A_repeated_member_is_refused_rather_than_the_last_one_winning_and_without_the_repeat_is_read()
    {
        var json = """{"id":"a1","id":"b2","username":"Ada","userid":"ada","price":1.5,"timestamp":"2026-11-25T10:00:00Z"}""";

        Assert.Throws<PurchaseContractException>(() => PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(json)));
        Assert.Equal("b2", PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(json.Replace("\"id\":\"a1\",", "", StringComparison.Ordinal))).Id);
    }

    [Theory]
    [InlineData("2025-05-01T12:00:00.31+00:00", "2025-05-01T12:00:00.310Z")]
    [InlineData("2025-05-01T14:00:00.3+02:00", "2025-05-01T12:00:00.300Z")]
    [InlineData("2025-05-01T12:00:00Z", "2025-05-01T12:00:00.000Z")]
    [InlineData("2025-05-01T12:00:00.123Z", "2025-05-01T12:00:00.123Z")]
    public void A_timestamp_in_any_ISO_8601_form_is_read_and_written_in_UTC_with_three_fraction_digits(string read, string written)
    {
        var json = $$"""{"id":"b2","username":"Ada","userid":"ada","price":1.5,"timestamp":"{{read}}"}""";

        var purchase = PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.Contains($"\"timestamp\":\"{written}\"", Encoding.UTF8.GetString(PurchaseJson.Serialize(purchase)), StringComparison.Ordinal);
        Assert.Matches(PurchaseTimestampConverter.Pattern, written);
    }
}
