using System.Text;
using BuyList.Contracts;

namespace BuyList.Tests.Unit.Contracts;

/// <summary>
/// The event contract both services are held to: Facing serializes with PurchaseJson, Management deserializes with
/// it, and the JSON schema describes it. What one side writes the other reads, and what breaks the schema is refused
/// by both the schema and PurchaseJson.
/// </summary>
public sealed class PurchaseRecordedContractTests
{
    public static TheoryData<string, string, string, string, string> ValidEvents => new()
    {
        // id, username, userid, price, timestamp
        { "0199b0c4-7a6e-7c3e-9f1a-1b2c3d4e5f60", "Ada Lovelace", "ada-1", "12.50", "2025-11-25T14:30:05.123+00:00" },
        { "client-key_1@x.y", "a", "u", "0.01", "2025-11-25T14:30:05Z" },
        { new string('k', 64), new string('n', 100), new string('x', 64), "1000000", "2025-01-01T00:00:00+02:00" },
        { "id", "Zoë Ñúñez 李", "first.last@example", "999999.99", "2025-06-30T23:59:59.9999999-07:00" },
    };

    // The schema requires every member, allows no other and types the price a number: valid against it, the event has
    // exactly the contract's members (what was a test of its own).
    [Theory]
    [MemberData(nameof(ValidEvents))]
    public void What_Facing_serializes_is_valid_against_the_schema_and_what_Management_reads_back(
        string id, string username, string userId, string price, string timestamp)
    {
        var purchase = new Purchase(id, username, userId, decimal.Parse(price, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture));

        var bytes = PurchaseJson.Serialize(purchase);

        var results = PurchaseRecordedSchema.Evaluate(Encoding.UTF8.GetString(bytes));
        Assert.True(results.IsValid, PurchaseRecordedSchema.Describe(results));
        var read = PurchaseJson.Deserialize(bytes);
        // The timestamp travels in one form: UTC, whole milliseconds (what Facing stamps anyway).
        Assert.Equal(purchase with { Timestamp = PurchaseRules.ToTimestamp(purchase.Timestamp) }, read);
        Assert.Equal(TimeSpan.Zero, read.Timestamp.Offset);
    }

    public static TheoryData<string, string> BrokenDocuments => new()
    {
        { "an extra field", Valid(o => o["discount"] = 5) },
        { "the price as a string", Valid(o => o["price"] = "10") },
        { "no id", Valid(o => o.Remove("id")) },
        { "no username", Valid(o => o.Remove("username")) },
        { "no userid", Valid(o => o.Remove("userid")) },
        { "no price", Valid(o => o.Remove("price")) },
        { "no timestamp", Valid(o => o.Remove("timestamp")) },
        { "a null username", Valid(o => o["username"] = null) },
        { "an empty username", Valid(o => o["username"] = "") },
        { "a whitespace-only username", Valid(o => o["username"] = "   ") },
        { "a username of 101 characters", Valid(o => o["username"] = new string('n', 101)) },
        { "a userid with a space", Valid(o => o["userid"] = "bad id") },
        { "a userid of 65 characters", Valid(o => o["userid"] = new string('x', 65)) },
        { "an id with a slash", Valid(o => o["id"] = "a/b") },
        { "an id of 65 characters", Valid(o => o["id"] = new string('k', 65)) },
        { "a price of 0", Valid(o => o["price"] = 0) },
        { "a negative price", Valid(o => o["price"] = -1) },
        { "a price over 1,000,000", Valid(o => o["price"] = 1_000_000.01m) },
        { "a price with 3 decimals", Valid(o => o["price"] = 1.005m) },
        { "a timestamp that is not a date-time", Valid(o => o["timestamp"] = "yesterday") },
        { "a numeric userid", Valid(o => o["userid"] = 42) },
        { "an array", "[]" },
    };

    [Theory]
    [MemberData(nameof(BrokenDocuments))]
    public void A_document_that_breaks_the_schema_is_refused_by_the_schema_and_by_PurchaseJson(string breakage, string json)
    {
        Assert.False(PurchaseRecordedSchema.Evaluate(json).IsValid, $"The schema accepted {breakage}: {json}");
        Assert.Throws<PurchaseContractException>(() => PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>
    /// Merges "the document the broken ones derive from is valid for both" with what PurchaseJson refuses beyond the
    /// schema, which cannot see it (once PurchaseJsonTests): a userid ending in a newline, and a repeated member, rather
    /// than the last one winning.
    /// </summary>
    [Fact]
    public void The_document_the_broken_ones_derive_from_is_valid_for_both_and_PurchaseJson_refuses_a_userid_ending_in_a_newline_or_a_repeated_member()
    {
        var json = Valid(_ => { });
        // The schema's "^...$" refuses it under ECMA-262, the dialect of JSON Schema patterns. JsonSchema.Net evaluates
        // patterns with .NET's Regex, whose "$" also matches before a final newline, so it cannot be held to this one.
        var newline = Valid(o => o["userid"] = "ada-1\n");

        Assert.True(PurchaseRecordedSchema.Evaluate(json).IsValid);
        Assert.Equal("ada-1", PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(json)).UserId);
        Assert.Throws<PurchaseContractException>(() => PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(newline)));
        Assert.Throws<PurchaseContractException>(() => PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(json.Replace("{", "{\"id\":\"a1\",", StringComparison.Ordinal))));
    }

    /// <summary>Once in PurchaseJsonTests.</summary>
    [Theory]
    [InlineData("2025-05-01T12:00:00.31+00:00", "2025-05-01T12:00:00.310Z")]
    [InlineData("2025-05-01T14:00:00.3+02:00", "2025-05-01T12:00:00.300Z")]
    [InlineData("2025-05-01T12:00:00Z", "2025-05-01T12:00:00.000Z")]
    [InlineData("2025-05-01T12:00:00.123Z", "2025-05-01T12:00:00.123Z")]
    public void A_timestamp_in_any_ISO_8601_form_is_read_and_written_in_UTC_with_three_fraction_digits(string read, string written)
    {
        var purchase = PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(Valid(o => o["timestamp"] = read)));

        Assert.Contains($"\"timestamp\":\"{written}\"", Encoding.UTF8.GetString(PurchaseJson.Serialize(purchase)), StringComparison.Ordinal);
        Assert.Matches(PurchaseTimestampConverter.Pattern, written);
    }

    private static string Valid(Action<JsonObject> change)
    {
        var document = new JsonObject
        {
            ["id"] = "0199b0c4-7a6e-7c3e-9f1a-1b2c3d4e5f60",
            ["username"] = "Ada Lovelace",
            ["userid"] = "ada-1",
            ["price"] = 12.5m,
            ["timestamp"] = "2025-11-25T14:30:05.123+00:00",
        };
        change(document);
        return document.ToJsonString();
    }
}
