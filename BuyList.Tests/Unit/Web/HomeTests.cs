using Bunit;
using BuyList.Tests.Infrastructure;
using BuyList.Web.Components.Pages;
using BuyList.Web.Display;

namespace BuyList.Tests.Unit.Web;

public sealed class HomeTests : ComponentTest
{
    [Fact]
    public void Times_are_shown_in_the_zone_the_browser_reports()
    {
        JSInterop.Setup<BrowserClock?>(BrowserTimeZone.JsFunction).SetResult(new BrowserClock("Asia/Tokyo", 540));
        var page = Render<Home>();

        page.Find("#buy-username").Change("alice");
        page.Find("#buy-userid").Change("u1");
        page.Find("#buy-price").Change("4.2");
        page.Find("section form").Submit();

        // 14:42:10 UTC is 23:42:10 in Tokyo.
        Assert.Equal("at Nov 25, 2025, 11:42:10 PM", page.Find(".confirmation-time").TextContent.Trim());
        Assert.Equal("Times are in Asia/Tokyo.", page.Find(".zone-note").TextContent);
    }

    [Fact]
    public void A_purchase_made_with_the_form_appears_pending_in_the_list_of_its_user()
    {
        JSInterop.Setup<BrowserClock?>(BrowserTimeZone.JsFunction).SetResult(new BrowserClock("UTC", 0));
        var page = Render<Home>();

        page.Find("#buy-username").Change("alice");
        page.Find("#buy-userid").Change("u7");
        page.Find("#buy-price").Change("9.99");
        page.Find("section form").Submit();

        Assert.Equal("u7", page.Find("#list-userid").GetAttribute("value"));
        var pending = page.Find("tr.pending");
        Assert.Contains("$9.99", pending.TextContent);
        Assert.Equal("u7", Facing.Reads.Single().UserId);
    }

    [Fact]
    public void Without_an_answer_from_the_browser_times_are_in_UTC()
    {
        JSInterop.Setup<BrowserClock?>(BrowserTimeZone.JsFunction).SetException(new Microsoft.JSInterop.JSException("no Intl"));
        var page = Render<Home>();

        page.Find("#buy-username").Change("alice");
        page.Find("#buy-userid").Change("u1");
        page.Find("#buy-price").Change("1");
        page.Find("section form").Submit();

        Assert.Equal("at Nov 25, 2025, 2:42:10 PM", page.Find(".confirmation-time").TextContent.Trim());
        Assert.Equal("Times are in UTC.", page.Find(".zone-note").TextContent);
    }
}
