using System.Collections.Concurrent;
using BuyList.Contracts;
using BuyList.Tests.Infrastructure;
using BuyList.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BuyList.Tests.EndToEnd.Web;

/// <summary>The Web alone, with Facing's address pointing nowhere: what the page does before any purchase reaches Facing.</summary>
public sealed class PageInBrowserTests : IAsyncLifetime
{
    private readonly WebFactory _web = new(new Dictionary<string, string> { ["services:facing:http:0"] = Loopback.FreeAddress().ToString() });
    private Uri _address = null!;

    public ValueTask InitializeAsync()
    {
        _address = _web.StartOnKestrel();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _web.DisposeAsync();

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
        await Chromium.OpenAsync(page, _address);

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
}
