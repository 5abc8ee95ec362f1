using Bunit;
using BuyList.Contracts;
using BuyList.Web.Buying;
using BuyList.Web.FacingApi;
using Microsoft.AspNetCore.Components;

namespace BuyList.Tests.Unit.Web;

public sealed class BuyFormTests : ComponentTest
{
    /// <summary>
    /// Merges the empty form, price and user id tests (null: the form submitted untouched) with the form model's test
    /// (once in FormattingTests): each value Facing's rules refuse is refused at its own field with the shared rule's
    /// message and nothing is sent; the largest price they accept is sent.
    /// </summary>
    [Theory]
    [InlineData(null, null, null, "buy-username buy-userid buy-price")]
    [InlineData("", "u1", "1", "buy-username")]
    [InlineData("   ", "u1", "1", "buy-username")]
    [InlineData("alice", "no spaces", "1", "buy-userid")]
    [InlineData("alice", "bad id!", "5", "buy-userid")]
    [InlineData("alice", "u1", "0", "buy-price")]
    [InlineData("alice", "u1", "-5", "buy-price")]
    [InlineData("alice", "u1", "0.001", "buy-price")]
    [InlineData("alice", "u1", "12.345", "buy-price")]
    [InlineData("alice", "u1", "1000000.01", "buy-price")]
    [InlineData("alice", "u1", "1000000", "")]
    public void Values_Facing_would_refuse_are_refused_at_their_fields_and_the_largest_price_it_accepts_is_sent(
        string? username, string? userId, string? price, string fields)
    {
        var form = Render<BuyForm>();
        if (username is not null)
        {
            Fill(form, username, userId!, price!);
        }

        form.Find("form").Submit();

        var expected = fields.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Length, form.FindAll(".validation-message").Count);
        foreach (var field in expected)
        {
            Assert.Equal(Rule(field), form.Find($"#{field}-error .validation-message").TextContent);
            Assert.Equal("true", form.Find($"#{field}").GetAttribute("aria-invalid"));
        }

        Assert.Equal(expected.Length == 0 ? 1 : 0, Facing.Buys.Count);
    }

    /// <summary>Merged with the test that a prerendered form is disabled until interactive.</summary>
    [Fact]
    public void The_fields_carry_the_rules_as_html_hints_and_labels_and_the_prerendered_form_is_disabled_until_interactive()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var form = Render<BuyForm>();

        Assert.True(form.Find("fieldset").HasAttribute("disabled"));
        Assert.True(form.Find("button[type=submit]").HasAttribute("disabled"));
        Assert.NotNull(form.Find("form").GetAttribute("novalidate"));
        foreach (var id in new[] { "buy-username", "buy-userid", "buy-price" })
        {
            Assert.NotNull(form.Find($"label[for='{id}']"));
            Assert.NotNull(form.Find($"#{id}").GetAttribute("required"));
        }

        Assert.Equal("200", form.Find("#buy-username").GetAttribute("maxlength")); // 100 code points of up to 2 UTF-16 units
        Assert.Equal(HtmlRules.UserIdPattern, form.Find("#buy-userid").GetAttribute("pattern"));
        var price = form.Find("#buy-price");
        Assert.Equal("number", price.GetAttribute("type"));
        Assert.Equal("0.01", price.GetAttribute("step"));
        Assert.Equal("0.01", price.GetAttribute("min"));
        Assert.Equal("1000000", price.GetAttribute("max"));
    }

    /// <summary>
    /// Merges three tests: submitting twice while Facing answers makes one purchase; once recorded it is confirmed with
    /// its price and local time and handed on, the price is cleared, and the next purchase gets a new key; when Facing is
    /// unavailable, a retry sends the same purchase with the same key.
    /// </summary>
    [Fact]
    public async Task A_purchase_submitted_twice_is_sent_once_confirmed_and_handed_on_the_next_gets_a_new_key_and_a_retry_while_Facing_is_unavailable_the_same_key()
    {
        var answer = new TaskCompletionSource<Purchase>(TaskCreationOptions.RunContinuationsAsynchronously);
        Facing.OnBuy = (_, _) => answer.Task;
        Purchase? handedOn = null;
        var form = Render<BuyForm>(p => p
            .Add(c => c.TimeZone, Paris)
            .Add(c => c.OnPurchased, EventCallback.Factory.Create<Purchase>(this, purchase => handedOn = purchase)));
        Fill(form, "alice", "u1", "12.5");

        form.Find("form").Submit();
        form.Find("form").Submit();

        var button = form.Find("button[type=submit]");
        Assert.True(button.HasAttribute("disabled"));
        Assert.Equal("Recording…", button.TextContent);
        var buy = Assert.Single(Facing.Buys);
        Assert.Equal(new BuyRequest("alice", "u1", 12.5m), buy.Request);
        Assert.False(string.IsNullOrWhiteSpace(buy.IdempotencyKey));

        answer.SetResult(Facing.Accept(buy.Request));
        await form.WaitForAssertionAsync(() => Assert.False(form.Find("button[type=submit]").HasAttribute("disabled")), Wait);
        Assert.Single(Facing.Buys);
        var confirmation = form.Find("[role=status] .confirmation");
        Assert.Equal("Purchase recorded: $12.50", confirmation.QuerySelector(".confirmation-text")!.TextContent);
        // 14:42:10 UTC is 15:42:10 in Paris in November.
        Assert.Equal("at Nov 25, 2025, 3:42:10 PM", confirmation.QuerySelector(".confirmation-time")!.TextContent.Trim());
        Assert.Equal("2025-11-25T14:42:10Z", confirmation.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("u1", handedOn?.UserId);
        Assert.Equal("", form.Find("#buy-price").GetAttribute("value") ?? "");
        Assert.Equal("alice", form.Find("#buy-username").GetAttribute("value"));

        // The next purchase gets a new key; while Facing is unavailable, a retry sends it again with that key.
        Facing.OnBuy = (request, _) => Facing.Buys.Count == 2
            ? Task.FromException<Purchase>(new FacingUnavailableException("down"))
            : Task.FromResult(Facing.Accept(request));
        form.Find("#buy-price").Change("3");
        form.Find("form").Submit();
        // Under load the renderer may still be finishing the first purchase when Submit() returns: wait for the answer.
        await form.WaitForAssertionAsync(() => Assert.Contains("not answering", form.Find(".problem[role=alert]").TextContent), Wait);
        Assert.DoesNotContain("Exception", form.Markup);
        Assert.Empty(form.FindAll(".confirmation"));

        form.Find(".problem button").Click();

        await form.WaitForAssertionAsync(() => Assert.Equal("Purchase recorded: $3.00", form.Find(".confirmation-text").TextContent), Wait);
        Assert.Empty(form.FindAll(".problem"));
        Assert.Equal(3, Facing.Buys.Count);
        Assert.NotEqual(Facing.Buys[0].IdempotencyKey, Facing.Buys[1].IdempotencyKey);
        Assert.Equal(Facing.Buys[1].IdempotencyKey, Facing.Buys[2].IdempotencyKey);
    }

    [Fact]
    public void Facings_field_errors_are_shown_next_to_their_fields_and_other_errors_above_the_button()
    {
        Facing.OnBuy = (_, _) => Task.FromException<Purchase>(Refused(
            ("price", "Facing says the price is wrong."),
            ("userid", "Facing says the user id is wrong."),
            ("Idempotency-Key", "Facing says the key is wrong.")));
        var form = Render<BuyForm>();
        Fill(form, "alice", "u1", "3");

        form.Find("form").Submit();

        Assert.Equal("Facing says the price is wrong.", form.Find("#buy-price-error .validation-message").TextContent);
        Assert.Equal("Facing says the user id is wrong.", form.Find("#buy-userid-error .validation-message").TextContent);
        Assert.Equal("Facing says the key is wrong.", form.Find(".form-error").TextContent);
        Assert.DoesNotContain("{", form.Find("section").TextContent);

        // Editing a field clears what Facing said about it.
        form.Find("#buy-price").Change("4");
        Assert.Empty(form.FindAll("#buy-price-error .validation-message"));
        Assert.Single(form.FindAll("#buy-userid-error .validation-message"));
    }

    private static string Rule(string field) => field switch
    {
        "buy-username" => PurchaseRules.UsernameMessage,
        "buy-userid" => PurchaseRules.UserIdMessage,
        _ => PurchaseRules.PriceMessage,
    };

    private static void Fill(IRenderedComponent<BuyForm> form, string username, string userId, string price)
    {
        form.Find("#buy-username").Change(username);
        form.Find("#buy-userid").Change(userId);
        form.Find("#buy-price").Change(price);
    }
}
