namespace BuyList.Web.Display;

/// <summary>
/// The page renders on the server, so local times need the browser's zone. It is asked once, after the first
/// interactive render (<c>buyList.browserClock</c> in <c>app.js</c>); until then, and if it cannot be known, times are UTC.
/// </summary>
public static class BrowserTimeZone
{
    public const string JsFunction = "buyList.browserClock";

    public static async Task<TimeZoneInfo> ResolveAsync(IJSRuntime js, CancellationToken cancellationToken = default)
    {
        try
        {
            var clock = await js.InvokeAsync<BrowserClock?>(JsFunction, cancellationToken);
            return clock is null ? TimeZoneInfo.Utc : FromBrowser(clock);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    /// <summary>
    /// The browser's zone by name, so past dates get their own daylight-saving offset; where the server has no such
    /// zone (no tzdata in the image), a fixed zone at the browser's current offset, which is right for today's purchases.
    /// </summary>
    public static TimeZoneInfo FromBrowser(BrowserClock clock)
    {
        if (!string.IsNullOrWhiteSpace(clock.TimeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(clock.TimeZone, out var zone))
        {
            return zone;
        }

        if (clock.OffsetMinutes == 0 || Math.Abs(clock.OffsetMinutes) > 14 * 60)
        {
            return TimeZoneInfo.Utc;
        }

        var offset = TimeSpan.FromMinutes(clock.OffsetMinutes);
        var name = $"UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}";
        return TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name);
    }
}

/// <summary>What the browser says about its clock: its IANA zone and its current offset from UTC.</summary>
public sealed record BrowserClock(string? TimeZone, int OffsetMinutes);
