using System.Diagnostics;
using BuyList.Contracts;

namespace BuyList.Tests.Component.Facing;

/// <summary><c>GET /getAllUserBuys/{userid}</c> with Management replaced by a <see cref="FakeManagement"/>.</summary>
public sealed class ListingTests
{
    private const string Page = """
        [
          {"id":"0199b0c4-7a6e-7c3e-9f1a-1b2c3d4e5f61","username":"Ada","userid":"ada-1","price":20.25,"timestamp":"2025-11-25T14:31:00+00:00"},
          {"id":"0199b0c4-7a6e-7c3e-9f1a-1b2c3d4e5f60","username":"Ada","userid":"ada-1","price":12.5,"timestamp":"2025-11-25T14:30:00+00:00"}
        ]
        """;

    /// <summary>
    /// Merges "without a limit 100 are asked for and the last page has no cursor" (the second page) and "a cursor
    /// Management refuses is a 400 naming before" (the third request).
    /// </summary>
    [Fact]
    public async Task The_listing_is_Managements_page_newest_first_with_the_next_cursor_the_last_page_has_none_and_a_cursor_Management_refuses_is_a_400()
    {
        var answers = new Queue<HttpResponseMessage>(
        [
            FakeManagement.Json(HttpStatusCode.OK, Page, "cursor-2"),
            FakeManagement.Json(HttpStatusCode.OK, "[]"),
            FakeManagement.Json(HttpStatusCode.BadRequest, """{"title":"Bad cursor","status":400,"errors":{"before":["not a cursor"]}}"""),
        ]);
        var management = new FakeManagement(_ => Task.FromResult(answers.Dequeue()));
        await using var app = management.StartFacing();

        using var response = await app.Client.GetAsync("/getAllUserBuys/ada-1?limit=2&before=cursor%2B1", TestContext.Current.CancellationToken);
        using var last = await app.Client.GetAsync("/getAllUserBuys/ada-1", TestContext.Current.CancellationToken);
        using var forged = await app.Client.GetAsync("/getAllUserBuys/ada-1?before=forged", TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("cursor-2", Assert.Single(response.Headers.GetValues("X-Next-Cursor")));
        Assert.All(JsonElement.Parse(body).EnumerateArray(), p => Assert.Equal(["id", "price", "timestamp", "userid", "username"], p.EnumerateObject().Select(f => f.Name).Order()));
        // Every field of both, in Management's order.
        Assert.Equal(JsonSerializer.Deserialize(Page, PurchaseApiJsonContext.Default.ListPurchase),
            JsonSerializer.Deserialize(body, PurchaseApiJsonContext.Default.ListPurchase));
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal("[]", await last.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(last.Headers.Contains("X-Next-Cursor"));
        Problems.Errors(await Problems.ReadAsync(forged, HttpStatusCode.BadRequest), "before");

        // One request each: a 400 is not retried.
        Assert.Equal(["/purchases/ada-1", "/purchases/ada-1", "/purchases/ada-1"], management.Requests.Select(r => r.AbsolutePath));
        Assert.Equal(["?limit=2&before=cursor%2B1", "?limit=100", "?limit=100&before=forged"], management.Requests.Select(r => r.Query));
    }

    [Theory]
    [InlineData("/getAllUserBuys/ada%201", "userid")]
    [InlineData("/getAllUserBuys/ada%2F1", "userid")]
    [InlineData("/getAllUserBuys/ada-1%0A", "userid")]
    [InlineData("/getAllUserBuys/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "userid")]
    [InlineData("/getAllUserBuys/ada-1?limit=0", "limit")]
    [InlineData("/getAllUserBuys/ada-1?limit=501", "limit")]
    [InlineData("/getAllUserBuys/ada-1?limit=ten", "limit")]
    [InlineData("/getAllUserBuys/ada-1?limit=", "limit")]
    [InlineData("/getAllUserBuys/ada-1?before=", "before")]
    public async Task A_bad_userid_limit_or_cursor_is_refused_with_400_without_asking_Management(string path, string field)
    {
        var management = new FakeManagement();
        await using var app = management.StartFacing();

        using var response = await app.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Problems.Errors(await Problems.ReadAsync(response, HttpStatusCode.BadRequest), field);
        Assert.Empty(management.Requests);
    }

    public static TheoryData<string> Failures => ["refused", "slow", "500", "not json"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task When_Management_fails_the_listing_is_a_503_within_the_configured_bound(string failure)
    {
        var management = new FakeManagement(async cancellationToken => failure switch
        {
            "refused" => throw new HttpRequestException("Connection refused", null, HttpStatusCode.ServiceUnavailable),
            "slow" => await new TaskCompletionSource<HttpResponseMessage>().Task.WaitAsync(cancellationToken), // never answers
            "500" => FakeManagement.Json(HttpStatusCode.InternalServerError, "{}"),
            _ => FakeManagement.Json(HttpStatusCode.OK, "<html>oops</html>"),
        });
        await using var app = management.StartFacing();
        var clock = Stopwatch.StartNew();

        using var response = await app.Client.GetAsync("/getAllUserBuys/ada-1", TestContext.Current.CancellationToken);

        clock.Stop();
        var problem = await Problems.ReadAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // Management:TotalTimeout is 5 s (appsettings.json); three times that leaves room for a loaded machine and
        // still tells a bounded wait from the 30 s default or a hang.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Took {clock.Elapsed}.");
    }
}
