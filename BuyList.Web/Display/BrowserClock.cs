namespace BuyList.Web.Display;

/// <summary>What the browser says about its clock: its IANA zone and its current offset from UTC.</summary>
public sealed record BrowserClock(string? TimeZone, int OffsetMinutes);
