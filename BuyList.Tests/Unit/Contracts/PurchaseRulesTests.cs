using BuyList.Contracts;

namespace BuyList.Tests.Unit.Contracts;

/// <summary>The shared rules Facing validates with and the event contract enforces (PurchaseRules).</summary>
public sealed class PurchaseRulesTests
{
    private static readonly string s_emoji = char.ConvertFromUtf32(0x1F600);

    // Valid and invalid usernames, the length limits and counting in code points, in one table (blank text: TextRuleTests).
    public static TheoryData<string?, bool> Usernames => new()
    {
        { "a", true },
        { "Ada Lovelace", true },
        { " padded ", true },
        { "Zoë Ñúñez 李", true },
        { new string('u', 100), true },
        { new string('u', 101), false },
        { null, false },
        { "", false },
        { " ", false },
        { "\t\r\n", false },
        // Counted in code points, as JSON Schema counts: 51 emoji are 102 UTF-16 code units.
        { Repeat(s_emoji, 51), true },
        { Repeat(s_emoji, 100), true },
        { Repeat(s_emoji, 101), false },
        { Repeat(s_emoji, 100) + "u", false },
    };

    [Theory]
    [MemberData(nameof(Usernames))]
    public void A_username_is_1_to_100_characters_with_something_visible(string? username, bool valid) =>
        Assert.Equal(valid, PurchaseRules.IsValidUsername(username));

    // Valid and invalid user ids, and the length limit, in one table.
    [Theory]
    [InlineData("u", true)]
    [InlineData("user-1", true)]
    [InlineData("first.last_2@example-host", true)]
    [InlineData("0123456789", true)]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", true)]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/ed", false)]
    [InlineData("colon:ed", false)]
    [InlineData("plus+sign", false)]
    [InlineData("ümlaut", false)]
    [InlineData("new\nline", false)]
    [InlineData("trailing\n", false)]
    public void A_userid_is_1_to_64_letters_digits_or_dot_underscore_at_dash(string? userId, bool valid) =>
        Assert.Equal(valid, PurchaseRules.IsValidUserId(userId));

    // Valid and invalid prices in one table.
    [Theory]
    [InlineData("0.01", true)]
    [InlineData("1", true)]
    [InlineData("10.5", true)]
    [InlineData("10.50", true)]
    [InlineData("10.500", true)]
    [InlineData("999999.99", true)]
    [InlineData("1000000", true)]
    [InlineData("1000000.00", true)]
    [InlineData("0", false)]
    [InlineData("0.00", false)]
    [InlineData("-0.01", false)]
    [InlineData("-10", false)]
    [InlineData("0.001", false)]
    [InlineData("1.005", false)]
    [InlineData("1.001", false)]
    [InlineData("1000000.01", false)]
    [InlineData("1000001", false)]
    [InlineData("79228162514264337593543950335", false)]
    public void A_price_is_above_0_up_to_1000000_with_at_most_2_decimals(string price, bool valid) =>
        Assert.Equal(valid, PurchaseRules.IsValidPrice(decimal.Parse(price, NumberStyles.Number, CultureInfo.InvariantCulture)));

    [Fact]
    public void Validate_names_every_invalid_field_with_its_message_stating_the_limit_and_none_of_a_valid_purchase()
    {
        var errors = PurchaseRules.Validate(" ", "bad id", 0m);

        Assert.Equal(["price", "userid", "username"], errors.Keys.Order());
        Assert.Equal([PurchaseRules.UsernameMessage], errors["username"]);
        Assert.Equal([PurchaseRules.UserIdMessage], errors["userid"]);
        Assert.Equal([PurchaseRules.PriceMessage], errors["price"]);
        Assert.Equal(["price"], PurchaseRules.Validate("Ada", "ada-1", null).Keys);
        Assert.Empty(PurchaseRules.Validate("Ada", "ada-1", 12.34m));
        // The messages state the limits in force (what was a test of its own).
        Assert.Contains($"1 to {PurchaseRules.UsernameMaxLength} characters", PurchaseRules.UsernameMessage, StringComparison.Ordinal);
        Assert.Contains($"1 to {PurchaseRules.UserIdMaxLength} letters", PurchaseRules.UserIdMessage, StringComparison.Ordinal);
        Assert.Contains($"at most {PurchaseRules.MaxPrice.ToString("N0", CultureInfo.InvariantCulture)}, with at most {PurchaseRules.PriceDecimals} decimals",
            PurchaseRules.PriceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timestamp_is_UTC_in_whole_milliseconds()
    {
        var local = new DateTimeOffset(2025, 5, 1, 14, 30, 15, TimeSpan.FromHours(2)).AddTicks(1_234_567);

        var timestamp = PurchaseRules.ToTimestamp(local);

        Assert.Equal(TimeSpan.Zero, timestamp.Offset);
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 12, 30, 15, 123, TimeSpan.Zero), timestamp);
    }

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
}
