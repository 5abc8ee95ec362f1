using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using BuyList.Contracts;
using BuyList.Tests.Infrastructure;
using BuyList.Web.Buying;
using BuyList.Web.Display;

namespace BuyList.Tests.Unit.Web;

public sealed class FormattingTests
{
    [Theory]
    [InlineData("12.5", "$12.50")]
    [InlineData("0.01", "$0.01")]
    [InlineData("1234.5", "$1,234.50")]
    [InlineData("1000000", "$1,000,000.00")]
    public void Money_is_written_in_US_dollars_with_two_decimals_and_thousands_separators(string amount, string expected) =>
        Assert.Equal(expected, Formatting.Money(decimal.Parse(amount, CultureInfo.InvariantCulture)));

    /// <summary>
    /// Merged with the tests that the browser's zone is used by name when the server knows it, and that times follow
    /// the zone's daylight-saving rules for their own date (New York is UTC-4 in July, UTC-5 in January).
    /// </summary>
    [Theory]
    [InlineData("America/New_York", -300, "America/New_York", "8:00 AM")]
    [InlineData("America/New_York", -300, "America/New_York", "7:00 AM", 1)]
    [InlineData("Nowhere/Unknown", 330, "UTC+05:30", "5:30 PM")]
    [InlineData(null, -180, "UTC-03:00", "9:00 AM")]
    [InlineData("", 0, "UTC", "12:00 PM")]
    [InlineData("Nowhere/Unknown", 2000, "UTC", "12:00 PM")]
    public void The_browsers_zone_is_used_by_name_and_without_it_on_the_server_its_current_offset(
        string? name, int offsetMinutes, string expectedId, string expectedClock, int month = 7)
    {
        var zone = BrowserTimeZone.FromBrowser(new BrowserClock(name, offsetMinutes));

        Assert.Equal(expectedId, zone.Id);
        Assert.EndsWith(expectedClock, Formatting.LocalTime(new DateTimeOffset(2025, month, 1, 12, 0, 0, TimeSpan.Zero), zone));
    }

    [Theory]
    [InlineData("u1")]
    [InlineData("a.b_c@d-e")]
    [InlineData("")]
    [InlineData("bad id")]
    [InlineData("bad!")]
    [InlineData("é")]
    [InlineData("a-")]
    [InlineData("-")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void The_html_pattern_for_user_ids_accepts_exactly_what_the_shared_rule_accepts(string userId)
    {
        // Browsers anchor a pattern as ^(?:pattern)$.
        var html = Regex.IsMatch(userId, $"^(?:{HtmlRules.UserIdPattern})$");

        Assert.Equal(PurchaseRules.IsValidUserId(userId), html);
    }

    [Theory]
    [InlineData("alice", "u1", "12.5")]
    [InlineData("", "u1", "12.5")]
    [InlineData("   ", "u1", "1")]
    [InlineData("alice", "no spaces", "1")]
    [InlineData("alice", "u1", "0")]
    [InlineData("alice", "u1", "0.001")]
    [InlineData("alice", "u1", "1000000")]
    [InlineData("alice", "u1", "1000000.01")]
    [InlineData(null, null, null)]
    public void The_form_model_refuses_exactly_what_Facings_rules_refuse_with_the_same_messages(string? username, string? userId, string? price)
    {
        var form = new PurchaseForm
        {
            Username = username,
            UserId = userId,
            Price = price is null ? null : decimal.Parse(price, CultureInfo.InvariantCulture),
        };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true);

        var expected = PurchaseRules.Validate(username, userId, form.Price)
            .ToDictionary(e => PurchaseForm.FieldFor(e.Key)!, e => e.Value.Single());
        var actual = results.ToDictionary(r => r.MemberNames.Single(), r => r.ErrorMessage!);
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
    }
}
