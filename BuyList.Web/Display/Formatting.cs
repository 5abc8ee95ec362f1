using System.Globalization;

namespace BuyList.Web.Display;

/// <summary>
/// How the page writes money and times. Built on the invariant culture so the output is the same on a server
/// without ICU data (e.g. a chiseled container) as on a developer's machine.
/// </summary>
public static class Formatting
{
    /// <summary>US dollars: <c>$1,234.50</c>, <c>-$1.00</c>.</summary>
    public static string Money(decimal amount) => amount.ToString("$#,##0.00;-$#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// A point in time as a clock in <paramref name="zone"/> shows it: <c>Nov 25, 2025, 3:42 PM</c>, with the
    /// <paramref name="seconds"/> for the confirmation of a purchase just made.
    /// </summary>
    public static string LocalTime(DateTimeOffset timestamp, TimeZoneInfo zone, bool seconds) =>
        TimeZoneInfo.ConvertTime(timestamp, zone).ToString(seconds ? "MMM d, yyyy, h:mm:ss tt" : "MMM d, yyyy, h:mm tt", CultureInfo.InvariantCulture);
}
