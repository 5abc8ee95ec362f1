using Bunit;
using BuyList.Contracts;
using BuyList.Web.FacingApi;
using BuyList.Web.Listing;

namespace BuyList.Tests.Unit.Web;

public sealed class PurchaseListTests : ComponentTest
{
    private static readonly DateTimeOffset s_noon = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Also what was the test that a username is shown as text, never as markup.</summary>
    [Fact]
    public void Lists_a_users_purchases_newest_first_as_text_with_dollars_local_times_count_and_total()
    {
        const string Markup = "<img src=x onerror=alert(1)><b>alice</b>";
        Facing.Store(
            new Purchase("a", "alice", "u1", 12.5m, s_noon),
            new Purchase("c", Markup, "u1", 1234.5m, s_noon.AddHours(2)),
            new Purchase("b", "alice", "u1", 0.99m, s_noon.AddHours(1)),
            new Purchase("x", "bob", "u2", 7m, s_noon));
        var list = Render<PurchaseList>(p => p.Add(c => c.TimeZone, Paris));

        Show(list, "u1");

        Assert.Equal(
        [
            [Markup, "$1,234.50", "Jul 1, 2025, 4:00 PM"],
            ["alice", "$0.99", "Jul 1, 2025, 3:00 PM"],
            ["alice", "$12.50", "Jul 1, 2025, 2:00 PM"],
        ], Rows(list));
        Assert.Empty(list.FindAll("tbody img, tbody b"));
        Assert.Equal("3 purchases · $1,247.99 spent", list.Find(".summary").TextContent);
        Assert.Equal("Times are in Europe/Paris.", list.Find(".zone-note").TextContent);
        Assert.Empty(list.FindAll(".load-more"));
        Assert.Equal(("u1", ListOptions.PageSize, (string?)null), Facing.Reads.Single());
    }

    /// <summary>Merges two tests: a user id the shared rule refuses is refused at the field without asking Facing, and so is one Facing refuses.</summary>
    [Theory]
    [InlineData("not valid!", null)]
    [InlineData("u1", "Facing says no.")]
    public void A_user_id_refused_by_the_shared_rule_or_by_Facing_is_refused_at_the_field(string userId, string? facingSays)
    {
        Facing.ReadFailure = facingSays is null ? null : Refused(("userid", facingSays));
        var list = Render<PurchaseList>();

        Show(list, userId);

        Assert.Equal(facingSays ?? PurchaseRules.UserIdMessage, list.Find("#list-userid-error .validation-message").TextContent);
        Assert.Empty(list.FindAll(".summary"));
        Assert.Equal(facingSays is null ? 0 : 1, Facing.Reads.Count);
    }

    [Fact]
    public void When_Facing_is_unavailable_it_says_so_and_try_again_loads_the_list()
    {
        Facing.Store(new Purchase("a", "alice", "u1", 2m, s_noon));
        Facing.ReadFailure = new FacingUnavailableException("Management is down");
        var list = Render<PurchaseList>();

        Show(list, "u1");

        var problem = list.Find(".problem[role=alert]");
        Assert.Equal("Purchases cannot be loaded right now: the purchase service is not answering. Try again in a moment.",
            problem.QuerySelector("p")!.TextContent);
        Assert.DoesNotContain("Management is down", list.Markup);
        Assert.Empty(list.FindAll("table"));

        Facing.ReadFailure = null;
        problem.QuerySelector("button")!.Click();

        Assert.Empty(list.FindAll(".problem"));
        Assert.Equal([["alice", "$2.00", "Jul 1, 2025, 12:00 PM"]], Rows(list));
    }

    /// <summary>
    /// Merges two tests: a failed "Load more" keeps the rows shown; "Try again" reads that page again when Facing was
    /// unavailable, and starts again from the newest when Facing refused the cursor (nothing the person typed is wrong).
    /// </summary>
    [Theory]
    [InlineData(false, "Purchases cannot be loaded right now", new[] { "$2.00", "$1.00" }, "b")]
    [InlineData(true, "start from the newest", new[] { "$2.00" }, null)]
    public void A_failed_load_more_keeps_the_rows_and_try_again_reads_on_or_after_a_refused_cursor_starts_from_the_newest(
        bool refused, string problem, string[] afterRetry, string? retriedFrom)
    {
        ListOptions.PageSize = 1;
        Facing.Store(new Purchase("a", "alice", "u1", 1m, s_noon), new Purchase("b", "alice", "u1", 2m, s_noon.AddMinutes(1)));
        var list = Render<PurchaseList>();
        Show(list, "u1");

        Facing.ReadFailure = refused ? Refused(("before", "Bad cursor.")) : new FacingUnavailableException("down");
        list.Find(".load-more").Click();
        Assert.Contains(problem, list.Find(".problem").TextContent);
        Assert.Equal(["$2.00"], Rows(list).Select(r => r[1]));
        Assert.Empty(list.FindAll("#list-userid-error .validation-message"));

        Facing.ReadFailure = null;
        list.Find(".problem button").Click();
        Assert.Equal(afterRetry, Rows(list).Select(r => r[1]));
        Assert.Equal(retriedFrom, Facing.Reads[^1].Before);
    }

    /// <summary>
    /// Merges three tests: a purchase just made is listed pending until Management has stored it, then without a refresh
    /// and without further reads; and the first read failing, and a round failing, both leave it pending.
    /// </summary>
    [Fact]
    public async Task A_purchase_just_made_stays_pending_through_failed_and_early_rounds_until_Management_has_stored_it_then_is_listed_without_a_refresh()
    {
        Facing.Store(new Purchase("old", "alice", "u1", 1m, s_noon));
        Facing.ReadFailure = new FacingUnavailableException("Management is down");
        var bought = new Purchase("new", "alice", "u1", 12.5m, s_noon.AddDays(1));
        var list = Render<PurchaseList>();

        list.Render(p => p.Add(c => c.JustBought, bought));

        Assert.Equal("u1", list.Find("#list-userid").GetAttribute("value"));
        Assert.Single(list.FindAll(".problem"));
        Assert.Equal("alice Pending", list.Find("tr.pending td").TextContent.Trim());
        Time.Advance(ListOptions.PollInterval);
        await list.WaitForAssertionAsync(() => Assert.Equal(2, Facing.Reads.Count), Wait);
        Assert.Single(list.FindAll("tr.pending"));

        // Readable, but not stored yet: still pending, above what was stored.
        Facing.ReadFailure = null;
        Time.Advance(ListOptions.PollInterval);
        await list.WaitForAssertionAsync(() => Assert.Equal(["$12.50", "$1.00"], Rows(list).Select(r => r[1])), Wait);
        Assert.Equal("1 purchase · $1.00 spent · 1 pending", list.Find(".summary").TextContent);
        Assert.Single(list.FindAll("tr.pending"));

        Facing.Store(bought);
        Time.Advance(ListOptions.PollInterval);
        await list.WaitForAssertionAsync(() => Assert.Empty(list.FindAll("tr.pending")), Wait);
        Assert.Empty(list.FindAll(".problem"));
        Assert.Equal([["alice", "$12.50", "Jul 2, 2025, 12:00 PM"], ["alice", "$1.00", "Jul 1, 2025, 12:00 PM"]], Rows(list));
        Assert.Equal("2 purchases · $13.50 spent", list.Find(".summary").TextContent);

        // Nothing is pending any more, so nothing more is asked.
        var reads = Facing.Reads.Count;
        Time.Advance(ListOptions.PollInterval * 5);
        Assert.Equal(reads, Facing.Reads.Count);
    }

    [Fact]
    public async Task Waiting_for_a_purchase_stops_after_the_bound_and_check_again_asks_once_more()
    {
        ListOptions.PollAttempts = 3;
        var list = Render<PurchaseList>();
        list.Render(p => p.Add(c => c.JustBought, new Purchase("new", "alice", "u1", 5m, s_noon)));

        for (var round = 1; round <= 3; round++)
        {
            Time.Advance(ListOptions.PollInterval);
            var expected = round + 1;
            await list.WaitForAssertionAsync(() => Assert.Equal(expected, Facing.Reads.Count), Wait);
        }

        await list.WaitForAssertionAsync(() => Assert.Contains("taking longer than usual", list.Find(".note").TextContent), Wait);
        Time.Advance(ListOptions.PollInterval * 5);
        Assert.Equal(4, Facing.Reads.Count);
        Assert.Single(list.FindAll("tr.pending"));

        Facing.Store(new Purchase("new", "alice", "u1", 5m, s_noon));
        list.Find(".note button").Click();

        Assert.Empty(list.FindAll("tr.pending"));
        Assert.Empty(list.FindAll(".note"));
        Assert.Equal("1 purchase · $5.00 spent", list.Find(".summary").TextContent);
    }

    /// <summary>Merged with the test that a user without purchases is told so.</summary>
    [Fact]
    public void Showing_another_user_hides_the_pending_purchase_of_the_first_and_one_without_purchases_is_told_so()
    {
        var list = Render<PurchaseList>();
        list.Render(p => p.Add(c => c.JustBought, new Purchase("new", "alice", "u1", 5m, s_noon)));

        Show(list, "nobody");

        Assert.Equal("No purchases yet for nobody.", list.Find(".empty").TextContent);
        Assert.Empty(list.FindAll("table"));
    }

    private static void Show(IRenderedComponent<PurchaseList> list, string userId)
    {
        list.Find("#list-userid").Change(userId);
        list.Find("form").Submit();
    }

    private static List<string[]> Rows(IRenderedComponent<PurchaseList> list) =>
        [.. list.FindAll("tbody tr").Select(row => row.QuerySelectorAll("td")
            .Select(cell => cell.QuerySelector(".badge") is null ? cell.TextContent.Trim() : cell.FirstChild!.TextContent.Trim())
            .ToArray())];
}
