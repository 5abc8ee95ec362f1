using Bunit;
using BuyList.Web.Components.Pages;
using BuyList.Web.Display;
using Microsoft.JSInterop;

namespace BuyList.Tests.Unit.Web;

public sealed class HomeTests : ComponentTest
{
    /// <summary>
    /// Merges three tests: times are in the zone the browser reports, and in UTC when the browser does not answer; and a
    /// purchase made with the form appears, pending, in the list of its user.
    /// </summary>
    [Theory]
    [InlineData("Asia/Tokyo", "at Nov 25, 2025, 11:42:10 PM", "Times are in Asia/Tokyo.")] // 14:42:10 UTC is 23:42:10 in Tokyo
    [InlineData(null, "at Nov 25, 2025, 2:42:10 PM", "Times are in UTC.")]
    public void A_purchase_made_with_the_form_appears_pending_in_its_users_list_with_times_in_the_browsers_zone_else_in_UTC(
        string? browserZone, string confirmedAt, string zoneNote)
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

        var page = Render<Home>();
        page.Find("#buy-username").Change("alice");
        page.Find("#buy-userid").Change("u7");
        page.Find("#buy-price").Change("9.99");
        page.Find("section form").Submit();

        Assert.Equal(confirmedAt, page.Find(".confirmation-time").TextContent.Trim());
        Assert.Equal(zoneNote, page.Find(".zone-note").TextContent);
        Assert.Equal("u7", page.Find("#list-userid").GetAttribute("value"));
        Assert.Contains("$9.99", page.Find("tr.pending").TextContent);
        Assert.Equal("u7", Facing.Reads.Single().UserId);
    }
}
