using System.Globalization;

namespace BuyList.Web.Display;

/// <summary>
/// How the page writes money and times. Built on the invariant culture so the output is the same on a server
/// without ICU data (e.g. a chiseled container) as on a developer's machine.
/// </summary>
public static class Formatting
{
    private static readonly NumberFormatInfo s_dollars = NumberFormatInfo.ReadOnly(new NumberFormatInfo
    {
        CurrencySymbol = "$",
        CurrencyPositivePattern = 0, // $n
        CurrencyNegativePattern = 1, // -$n
    });

    /// <summary>US dollars: <c>$1,234.50</c>.</summary>
    public static string Money(decimal amount) => amount.ToString("C2", s_dollars);

    /// <summary>
    /// A point in time as a clock in <paramref name="zone"/> shows it: <c>Nov 25, 2025, 3:42 PM</c>, with the
    /// <paramref name="seconds"/> for the confirmation of a purchase just made.
    /// </summary>
    public static string LocalTime(DateTimeOffset timestamp, TimeZoneInfo zone, bool seconds = false) =>
        TimeZoneInfo.ConvertTime(timestamp, zone).ToString(seconds ? "MMM d, yyyy, h:mm:ss tt" : "MMM d, yyyy, h:mm tt", CultureInfo.InvariantCulture);

    /// <summary>"1 purchase", "3 purchases".</summary>
    public static string Count(int count, string noun) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
}
