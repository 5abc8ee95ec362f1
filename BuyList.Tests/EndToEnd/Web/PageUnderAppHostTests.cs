using System.Text;
using BuyList.Contracts;
using BuyList.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuyList.Tests.EndToEnd.Web;

/// <summary>
/// The page as a person uses it under the AppHost (<c>dotnet run --project BuyList.AppHost</c>): the AppHost injects
/// Facing's address into the Web, Facing publishes to the embedded Kafka, and Management stores into the embedded
/// MongoDB (Embedded mode; no Docker here).
/// </summary>
public sealed class PageUnderAppHostTests
{
    /// <summary>Merges two tests (a purchase reaches the topic; the list shows purchases once stored), which each started the AppHost.</summary>
    [Fact]
    public async Task A_person_buys_on_the_page_the_purchase_reaches_the_topic_and_is_listed_once_Management_has_stored_it_in_MongoDB()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var run = await AppHostRun.StartAsync(["web", "management"], ct);
        var page = await chromium.OpenPageAsync(await run.UrlAsync("web", ct), Chromium.Desktop);
        var userId = $"apphost-{Guid.NewGuid():N}"[..20];

        await BuyAsync(page, userId, "9.99");

        var message = Assert.Single(await run.ReadAllAsync(PurchaseMessaging.Topic, atLeast: 1, ct), m => m.Message.Key == userId);
        var published = PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(message.Message.Value));
        Assert.Equal(9.99m, published.Price);
        // Listed at once: pending until Management has stored it, then as stored.
        await Expect(page.Locator($"tr[data-purchase-id='{published.Id}']")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "apphost-purchase-desktop");

        await BuyAsync(page, userId, "1.01");

        // Stored by Management, listed through Facing, shown without a refresh.
        await Expect(page.Locator("tr.pending")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await Expect(page.Locator(".summary")).ToHaveTextAsync("2 purchases · $11.00 spent");
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("$1.01");
        await Chromium.ScreenshotAsync(page, "apphost-list-desktop");

        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show purchases" })).ToBeEnabledAsync();
        await page.Locator("#list-userid").FillAsync(userId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show purchases" }).ClickAsync();
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
    }

    private static async Task BuyAsync(IPage page, string userId, string price)
    {
        await Chromium.SubmitPurchaseAsync(page, "Ada", userId, price);
        await Expect(page.Locator(".confirmation-text")).ToHaveTextAsync($"Purchase recorded: ${price}");
    }
}
