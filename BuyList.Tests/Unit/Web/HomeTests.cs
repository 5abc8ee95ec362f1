using Bunit;
using BuyList.Tests.Infrastructure;
using BuyList.Web.Components.Pages;
using BuyList.Web.Display;
using Microsoft.JSInterop;

namespace BuyList.Tests.Unit.Web;

public sealed class HomeTests : ComponentTest
{
    /// <summary>Merges two tests: times are in the zone the browser reports, and in UTC when the browser does not answer.</summary>
    [Theory]
    [InlineData("Asia/Tokyo", "at Nov 25, 2025, 11:42:10 PM", "Times are in Asia/Tokyo.")] // 14:42:10 UTC is 23:42:10 in Tokyo
    [InlineData(null, "at Nov 25, 2025, 2:42:10 PM", "Times are in UTC.")]
    public void Times_are_shown_in_the_zone_the_browser_reports_else_in_UTC(string? browserZone, string confirmedAt, string zoneNote)
    {
        var clock = JSInterop.Setup<BrowserClock?>(BrowserTimeZone.JsFunction);
        if (browserZone is null)
        {
            clock.SetException(new JSException("no Intl"));
        }
        else
        {
            clock.SetResult(new BrowserClock(browserZone, 540));
        }

        var page = Buy(Render<Home>(), "u1", "4.2");

        Assert.Equal(confirmedAt, page.Find(".confirmation-time").TextContent.Trim());
        Assert.Equal(zoneNote, page.Find(".zone-note").TextContent);
    }

    [Fact]
    public void A_purchase_made_with_the_form_appears_pending_in_the_list_of_its_user()
    {
        JSInterop.Setup<BrowserClock?>(BrowserTimeZone.JsFunction).SetResult(new BrowserClock("UTC", 0));

        var page = Buy(Render<Home>(), "u7", "9.99");

        Assert.Equal("u7", page.Find("#list-userid").GetAttribute("value"));
        Assert.Contains("$9.99", page.Find("tr.pending").TextContent);
        Assert.Equal("u7", Facing.Reads.Single().UserId);
    }

    private static IRenderedComponent<Home> Buy(IRenderedComponent<Home> page, string userId, string price)
    {
        page.Find("#buy-username").Change("alice");
        page.Find("#buy-userid").Change(userId);
        page.Find("#buy-price").Change(price);
        page.Find("section form").Submit();
        return page;
    }
}
