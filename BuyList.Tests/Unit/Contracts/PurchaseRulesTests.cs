using System.Globalization;
using BuyList.Contracts;

namespace BuyList.Tests.Unit.Contracts;

/// <summary>The shared rules Facing validates with and the event contract enforces (PurchaseRules).</summary>
public sealed class PurchaseRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Ada Lovelace")]
    [InlineData(" padded ")]
    [InlineData("Zoë Ñúñez 李")]
    public void A_username_of_1_to_100_characters_with_something_visible_is_valid(string username) =>
        Assert.True(PurchaseRules.IsValidUsername(username));

    [Fact]
    public void A_username_of_exactly_100_characters_is_valid() =>
        Assert.True(PurchaseRules.IsValidUsername(new string('u', 100)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\u00A0")]
    public void A_missing_empty_or_whitespace_only_username_is_invalid(string? username) =>
        Assert.False(PurchaseRules.IsValidUsername(username));

    [Fact]
    public void A_username_of_101_characters_is_invalid() =>
        Assert.False(PurchaseRules.IsValidUsername(new string('u', 101)));

    [Fact]
    public void A_username_is_counted_in_code_points_as_JSON_Schema_counts_it()
    {
        var emoji = char.ConvertFromUtf32(0x1F600);
        Assert.True(PurchaseRules.IsValidUsername(string.Concat(Enumerable.Repeat(emoji, 100))));
        Assert.True(PurchaseRules.IsValidUsername(string.Concat(Enumerable.Repeat(emoji, 51))));
        Assert.False(PurchaseRules.IsValidUsername(string.Concat(Enumerable.Repeat(emoji, 101))));
        Assert.False(PurchaseRules.IsValidUsername(string.Concat(Enumerable.Repeat(emoji, 100)) + "u"));
    }

    [Theory]
    [InlineData("u")]
    [InlineData("user-1")]
    [InlineData("first.last_2@example-host")]
    [InlineData("0123456789")]
    public void A_userid_of_letters_digits_and_dot_underscore_at_dash_is_valid(string userId) =>
        Assert.True(PurchaseRules.IsValidUserId(userId));

    [Fact]
    public void A_userid_of_exactly_64_characters_is_valid() =>
        Assert.True(PurchaseRules.IsValidUserId(new string('x', 64)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/ed")]
    [InlineData("colon:ed")]
    [InlineData("plus+sign")]
    [InlineData("ümlaut")]
    [InlineData("new\nline")]
    [InlineData("trailing\n")]
    public void A_userid_with_other_characters_or_empty_is_invalid(string? userId) =>
        Assert.False(PurchaseRules.IsValidUserId(userId));

    [Fact]
    public void A_userid_of_65_characters_is_invalid() =>
        Assert.False(PurchaseRules.IsValidUserId(new string('x', 65)));

    [Theory]
    [InlineData("0.01")]
    [InlineData("1")]
    [InlineData("10.5")]
    [InlineData("10.50")]
    [InlineData("10.500")]
    [InlineData("999999.99")]
    [InlineData("1000000")]
    [InlineData("1000000.00")]
    public void A_price_above_0_up_to_1000000_with_at_most_2_decimals_is_valid(string price) =>
        Assert.True(PurchaseRules.IsValidPrice(Parse(price)));

    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("-0.01")]
    [InlineData("-10")]
    [InlineData("0.001")]
    [InlineData("1.005")]
    [InlineData("1.001")]
    [InlineData("1000000.01")]
    [InlineData("1000001")]
    [InlineData("79228162514264337593543950335")]
    public void A_price_of_0_or_less_over_1000000_or_with_more_than_2_decimals_is_invalid(string price) =>
        Assert.False(PurchaseRules.IsValidPrice(Parse(price)));

    [Fact]
    public void Validate_returns_no_errors_for_a_valid_purchase() =>
        Assert.Empty(PurchaseRules.Validate("Ada", "ada-1", 12.34m));

    [Fact]
    public void Validate_names_every_invalid_field_with_its_message()
    {
        var errors = PurchaseRules.Validate(" ", "bad id", 0m);

        Assert.Equal(["price", "userid", "username"], errors.Keys.Order());
        Assert.Equal([PurchaseRules.UsernameMessage], errors["username"]);
        Assert.Equal([PurchaseRules.UserIdMessage], errors["userid"]);
        Assert.Equal([PurchaseRules.PriceMessage], errors["price"]);
    }

    [Fact]
    public void Validate_treats_a_missing_price_as_invalid() =>
        Assert.Equal(["price"], PurchaseRules.Validate("Ada", "ada-1", null).Keys);

    [Fact]
    public void The_messages_state_the_limits_in_force()
    {
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

    private static decimal Parse(string price) => decimal.Parse(price, NumberStyles.Number, CultureInfo.InvariantCulture);
}
