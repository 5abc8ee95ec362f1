using System.Collections.Concurrent;
using System.Text;
using BuyList.Contracts;
using BuyList.Web;
using BuyList.Web.Display;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuyList.Tests.EndToEnd.Web;

/// <summary>
/// A person buying and listing in Chromium, against the Web and Facing running for real on loopback, Facing publishing
/// to the Kafka mock broker and reading Management's API over an in-memory store. The test stores what Management would
/// have consumed, so it decides when a purchase goes from pending to stored; Management's consumer and MongoDB store
/// are tested in Management's tests. The page's own checks (its Content-Security-Policy, labels, field rules) are made
/// before anything reaches Facing, and one test starts a Web of its own whose Facing address points nowhere.
/// </summary>
public sealed class PurchaseInBrowserTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo s_newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeSpan s_kafkaWait = TimeSpan.FromSeconds(30);

    private readonly KafkaMockCluster _kafka = KafkaTestKit.PurchaseCluster();
    private readonly FakePurchaseStore _stored = new();
    private ManagementFactory? _management;
    private FacingFactory? _facing;
    private WebFactory? _web;
    private Uri _address = null!;

    public ValueTask InitializeAsync()
    {
        _management = new ManagementFactory(_kafka.BootstrapServers, _stored, runConsumer: false);
        _facing = new FacingFactory(_kafka.BootstrapServers, new Dictionary<string, string>
        {
            ["services:management:http:0"] = _management.StartOnKestrel().ToString(),
        });
        _web = new WebFactory(new Dictionary<string, string>
        {
            ["services:facing:http:0"] = _facing.StartOnKestrel().ToString(),
            ["PurchaseList:PollInterval"] = "00:00:00.500",
        });
        _address = _web.StartOnKestrel();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var factory in new IAsyncDisposable?[] { _web, _facing, _management })
        {
            await (factory?.DisposeAsync() ?? ValueTask.CompletedTask);
        }

        _kafka.Dispose();
    }

    /// <summary>
    /// Merges two tests (a purchase is confirmed, published and listed pending until Management has stored it; on a
    /// phone a purchase is made with the keyboard alone and the page fits the screen).
    /// </summary>
    [Fact]
    public async Task On_a_phone_a_purchase_made_with_the_keyboard_alone_is_confirmed_published_and_listed_pending_until_Management_has_stored_it()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenPageAsync(_address, Chromium.Phone, timeZone: "America/New_York");
        var userId = NewUserId();
        _stored.Add(Stored(userId, 1, 3.99m));

        foreach (var (field, text) in new[] { ("buy-username", "<b>bob</b>"), ("buy-userid", userId), ("buy-price", "7.25") })
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal(field, await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''"));
            await page.Keyboard.TypeAsync(text);
        }

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Buy", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator(".confirmation-text")).ToHaveTextAsync("Purchase recorded: $7.25");
        var published = await PublishedAsync(userId);
        Assert.Equal(new Purchase(published.Id, "<b>bob</b>", userId, 7.25m, published.Timestamp), published);
        // The time is the browser's (New York), not the server's.
        await Expect(page.Locator(".confirmation-time")).ToHaveTextAsync($"at {Formatting.LocalTime(published.Timestamp, s_newYork, seconds: true)}");

        // The list switches to the buyer and shows the purchase as pending, above what was already stored.
        await Expect(page.Locator("#list-userid")).ToHaveValueAsync(userId);
        var pending = page.Locator("tr.pending");
        await Expect(pending).ToContainTextAsync("$7.25");
        await Expect(pending).ToHaveAttributeAsync("data-purchase-id", published.Id);
        await Expect(page.Locator(".summary")).ToHaveTextAsync("1 purchase · $3.99 spent · 1 pending");
        await Chromium.ScreenshotAsync(page, "purchase-pending-phone");

        // Management stores it: it appears by itself, no longer pending, first, and what the person typed is text, not markup.
        _stored.Add(published);
        await Expect(page.Locator("tr.pending")).ToHaveCountAsync(0);
        var row = page.Locator($"tr[data-purchase-id='{published.Id}']");
        await Expect(row.Locator("td").First).ToHaveTextAsync("<b>bob</b>");
        await Expect(row).ToContainTextAsync("$7.25");
        await Expect(row.Locator("b")).ToHaveCountAsync(0);
        await Expect(page.Locator(".summary")).ToHaveTextAsync("2 purchases · $11.24 spent");
        await Expect(page.Locator("tbody tr").First).ToHaveAttributeAsync("data-purchase-id", published.Id);
        await Expect(page.Locator(".zone-note")).ToHaveTextAsync("Times are in America/New York.");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "The page scrolls sideways at phone width.");
        await Chromium.ScreenshotAsync(page, "purchase-phone");
    }

    [Fact]
    public async Task Load_more_pages_through_everything_a_user_bought()
    {
        var userId = NewUserId();
        _stored.Add([.. Enumerable.Range(1, 25).Select(minute => Stored(userId, minute, minute))]);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenPageAsync(_address, Chromium.Desktop, timeZone: "UTC");

        await page.Locator("#list-userid").FillAsync(userId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show purchases" }).ClickAsync();

        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(20);
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("$25.00");
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("Jul 1, 2025, 10:25 AM");
        await Expect(page.Locator(".summary")).ToHaveTextAsync("20 purchases loaded · $310.00 spent so far · more below");

        await page.GetByRole(AriaRole.Button, new() { Name = "Load more" }).ClickAsync();

        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(25);
        await Expect(page.Locator("tbody tr").Last).ToContainTextAsync("$1.00");
        await Expect(page.Locator(".summary")).ToHaveTextAsync("25 purchases · $325.00 spent");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load more" })).ToHaveCountAsync(0);
    }

    /// <summary>
    /// The page works under its Content-Security-Policy (files only, the circuit's WebSocket to its own origin) and
    /// breaks none of it: the browser reports every refused script, style or connection. Merges four tests: that one,
    /// the page has a title, a favicon and a label for every field; the browser checks a user id exactly as the shared
    /// rule does (Chromium compiles pattern attributes with the v flag; a pattern it cannot compile would be silently
    /// ignored; once a unit test of the pattern under .NET's Regex); and an invalid price shows the rule next to its
    /// field without a request.
    /// </summary>
    [Fact]
    public async Task The_page_works_under_its_content_security_policy_has_labels_checks_user_ids_with_the_shared_rule_and_shows_an_invalid_price_next_to_the_field()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(Chromium.Desktop);
        var refused = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refused.Enqueue(message.Text);
            }
        };
        await page.AddInitScriptAsync(
            "window.cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));");

        var response = await page.GotoAsync(_address.ToString());
        Assert.Equal(ContentSecurityPolicy.Policy, await response!.HeaderValueAsync("content-security-policy"));
        Assert.Equal("nosniff", await response.HeaderValueAsync("x-content-type-options"));
        Assert.Null(await response.HeaderValueAsync("server"));
        // Interactive: blazor.web.js ran and its WebSocket connected.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Buy", Exact = true })).ToBeEnabledAsync();
        await Expect(page.Locator("#components-reconnect-modal")).ToBeHiddenAsync();

        await Expect(page).ToHaveTitleAsync("BuyList");
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var favicon = await page.APIRequest.GetAsync(new Uri(_address, icon).ToString());
        Assert.Equal(200, favicon.Status);
        Assert.StartsWith("image/svg+xml", favicon.Headers["content-type"]);
        await Expect(page.GetByLabel("Username")).ToHaveAttributeAsync("id", "buy-username");
        await Expect(page.GetByLabel("Price (USD)")).ToHaveAttributeAsync("id", "buy-price");
        await Expect(page.Locator("#buy-heading ~ form").GetByLabel("User ID")).ToHaveAttributeAsync("id", "buy-userid");
        await Expect(page.Locator("#list-heading ~ form").GetByLabel("User ID")).ToHaveAttributeAsync("id", "list-userid");

        // Set as a value, not typed: typing stops at maxlength. The field is required, so the empty id is invalid too.
        var userId = page.Locator("#buy-userid");
        foreach (var id in new[] { "u1", "a.b_c@d-e", "", "bad id", "bad id!", "é", "a-", "-", new string('x', 64), new string('x', 65) })
        {
            var valid = await userId.EvaluateAsync<bool>("(e, id) => { e.value = id; return e.validity.valid; }", id);
            Assert.True(PurchaseRules.IsValidUserId(id) == valid, $"the browser finds '{id}' {(valid ? "valid" : "invalid")}");
        }

        await Chromium.SubmitPurchaseAsync(page, "alice", "u1", "0.001");

        await Expect(page.Locator("#buy-price-error")).ToHaveTextAsync(PurchaseRules.PriceMessage);
        await Expect(page.GetByLabel("Price (USD)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#buy-username-error")).ToBeEmptyAsync();
        await Expect(page.Locator(".confirmation")).ToHaveCountAsync(0);
        await Expect(page.Locator(".problem")).ToHaveCountAsync(0);
        Assert.Empty(await page.EvaluateAsync<string[]>("window.cspViolations"));
        Assert.Empty(refused);
    }

    /// <summary>Merges "when Facing cannot be reached the page says so and offers a retry" with "when the connection drops the page says it is reconnecting".</summary>
    [Fact]
    public async Task When_Facing_cannot_be_reached_the_page_says_so_and_offers_a_retry_and_when_the_connection_drops_it_says_it_is_reconnecting()
    {
        await using var web = new WebFactory(new Dictionary<string, string> { ["services:facing:http:0"] = Loopback.FreeAddress().ToString() });
        var address = web.StartOnKestrel();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(Chromium.Phone);
        // The first circuit connection goes through to the server; the page's reconnections are left unanswered.
        IWebSocketRoute? circuit = null;
        await page.RouteWebSocketAsync(url => url.Contains("/_blazor", StringComparison.Ordinal), connection =>
        {
            if (circuit is null)
            {
                circuit = connection;
                connection.ConnectToServer();
            }
        });
        await Chromium.OpenAsync(page, address);

        await Chromium.SubmitPurchaseAsync(page, "alice", "u1", "5");

        var problem = page.Locator("#buy-heading ~ .problem");
        await Expect(problem).ToContainTextAsync("The purchase service is not answering");
        await Expect(problem.GetByRole(AriaRole.Button, new() { Name = "Try again" })).ToBeVisibleAsync();
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Exception");
        await page.Locator("#list-userid").FillAsync("u1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show purchases" }).ClickAsync();
        await Expect(page.Locator("#list-heading ~ .problem")).ToContainTextAsync("Purchases cannot be loaded right now");
        await Chromium.ScreenshotAsync(page, "facing-unreachable-phone");

        await circuit!.CloseAsync();

        var retrying = page.Locator("#components-reconnect-modal .reconnect-retrying");
        await Expect(retrying).ToBeVisibleAsync();
        await Expect(retrying).ToHaveTextAsync("The connection was lost. Reconnecting…");
        await Expect(page.Locator("#components-reconnect-modal .reconnect-failed")).ToBeHiddenAsync();
    }

    /// <summary>A purchase of <paramref name="userId"/> stored earlier, <paramref name="minute"/> minutes into a day.</summary>
    private static Purchase Stored(string userId, int minute, decimal price) =>
        new($"{userId}-{minute:D3}", "alice", userId, price, new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.Zero).AddMinutes(minute));

    private async Task<Purchase> PublishedAsync(string userId)
    {
        var messages = await _kafka.ReadAllAsync(PurchaseMessaging.Topic, atLeast: 1, s_kafkaWait);
        var message = Assert.Single(messages, m => m.Message.Key == userId);
        return PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(message.Message.Value));
    }

    private static string NewUserId() => $"u-{Guid.NewGuid():N}"[..12];
}
