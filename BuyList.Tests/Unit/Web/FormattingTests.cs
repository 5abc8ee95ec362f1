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
        Assert.EndsWith(expectedClock, Formatting.LocalTime(new DateTimeOffset(2025, month, 1, 12, 0, 0, TimeSpan.Zero), zone, seconds: false));
    }
}
