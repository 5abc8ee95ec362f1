using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuyList.Contracts;
using BuyList.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuyList.Tests.Web;

/// <summary>
/// The page as a person uses it under the AppHost (<c>dotnet run --project BuyList.AppHost</c>): the AppHost injects
/// Facing's address into the Web, Facing publishes to a Kafka-protocol broker on loopback (the existing-connection
/// switch; no Docker here), and Management stores into MongoDB when one is reachable.
/// </summary>
public sealed class PageUnderAppHostTests
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_person_buys_on_the_page_and_the_purchase_reaches_the_topic()
    {
        await using var chromium = await Chromium.LaunchAsync();
        using var cluster = NewCluster();
        await using var app = await StartAsync(cluster, mongodb: null, TestContext.Current.CancellationToken);
        var page = await chromium.NewPageAsync(Chromium.Desktop);
        await Chromium.OpenAsync(page, app.WebAddress);
        var userId = $"apphost-{Guid.NewGuid():N}"[..20];

        await BuyAsync(page, userId, "4.20");

        await Expect(page.Locator(".confirmation-text")).ToHaveTextAsync("Purchase recorded: $4.20");
        var message = Assert.Single(cluster.ReadAll(PurchaseMessaging.Topic, atLeast: 1, TimeSpan.FromSeconds(30)), m => m.Message.Key == userId);
        var published = PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(message.Message.Value));
        Assert.Equal(4.20m, published.Price);
        await Expect(page.Locator($"tr.pending[data-purchase-id='{published.Id}']")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "apphost-purchase-desktop");
    }

    [Fact]
    public async Task The_list_shows_a_purchase_once_Management_has_stored_it_in_MongoDB()
    {
        var mongodb = Requires.MongoDb();
        await using var chromium = await Chromium.LaunchAsync();
        using var cluster = NewCluster();
        await using var app = await StartAsync(cluster, mongodb, TestContext.Current.CancellationToken);
        var page = await chromium.NewPageAsync(Chromium.Desktop);
        await Chromium.OpenAsync(page, app.WebAddress);
        var userId = $"apphost-{Guid.NewGuid():N}"[..20];

        await BuyAsync(page, userId, "9.99");
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

    private static KafkaMockCluster NewCluster()
    {
        var cluster = new KafkaMockCluster();
        cluster.CreateTopic(PurchaseMessaging.Topic, partitions: 6);
        cluster.CreateTopic(PurchaseMessaging.DeadLetterTopic);
        return cluster;
    }

    private static async Task<RunningApp> StartAsync(KafkaMockCluster cluster, string? mongodb, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BuyList_AppHost>(
        [
            $"--ConnectionStrings:kafka={cluster.BootstrapServers}",
            // Without a server Management waits for MongoDB and never starts; the Web and Facing do not need it.
            $"--ConnectionStrings:mongodb={mongodb ?? "mongodb://127.0.0.1:9/buylist"}",
        ], cancellationToken);
        var app = await builder.BuildAsync(cancellationToken);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // StartAsync returns once every resource has started, so it waits as long as Management waits for MongoDB:
        // the test waits for the resources it uses instead, and RunningApp ends the start when the test is done.
        var starting = app.StartAsync(stop.Token);
        var running = new RunningApp(app, starting, stop);
        try
        {
            using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            start.CancelAfter(s_startTimeout);
            var web = await app.ResourceNotifications.WaitForResourceHealthyAsync("web", start.Token);
            running.WebAddress = new Uri(web.Snapshot.Urls.First(u => u.Name == "http").Url);
            if (mongodb is not null)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync("management", start.Token);
            }

            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    private static async Task BuyAsync(IPage page, string userId, string price)
    {
        await page.GetByLabel("Username").FillAsync("Ada");
        await page.Locator("#buy-userid").FillAsync(userId);
        await page.GetByLabel("Price (USD)").FillAsync(price);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buy", Exact = true }).ClickAsync();
        await Expect(page.Locator(".confirmation-text")).ToHaveTextAsync($"Purchase recorded: ${price}");
    }

    private sealed class RunningApp(DistributedApplication app, Task starting, CancellationTokenSource stop) : IAsyncDisposable
    {
        public Uri WebAddress { get; set; } = null!;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try
            {
                await starting;
            }
            catch (OperationCanceledException)
            {
                // The start was still waiting for a resource the test did not need.
            }

            await app.DisposeAsync();
            stop.Dispose();
        }
    }
}
