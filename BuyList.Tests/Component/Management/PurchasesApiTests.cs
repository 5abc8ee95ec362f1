using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuyList.Contracts;
using BuyList.Management.Purchases;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Component.Management;

/// <summary>The internal read API over a fake store (no Kafka consumer, no MongoDB).</summary>
public sealed class PurchasesApiTests : IDisposable
{
    private static readonly DateTimeOffset s_start = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakePurchaseStore _store = new();
    private readonly ManagementFactory _factory;
    private readonly HttpClient _client;

    public PurchasesApiTests()
    {
        _factory = new ManagementFactory("127.0.0.1:9", _store, runConsumer: false);
        _client = _factory.CreateClient();
    }

    [Theory]
    [InlineData("has%20space")]
    [InlineData("semi%3Bcolon")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65 characters
    public async Task A_bad_user_id_is_a_400_naming_userid(string userId)
    {
        var errors = await ProblemErrorsAsync($"/purchases/{userId}");

        Assert.Contains("userid", errors);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task A_limit_outside_1_to_500_is_a_400_naming_limit(string limit)
    {
        var errors = await ProblemErrorsAsync($"/purchases/user-1?limit={limit}");

        Assert.Equal(["limit"], errors);
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("AAAAAAAAAAA")]
    [InlineData("")]
    public async Task A_cursor_this_service_did_not_make_is_a_400_naming_before(string before)
    {
        var errors = await ProblemErrorsAsync($"/purchases/user-1?before={before}");

        Assert.Equal(["before"], errors);
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once()
    {
        var errors = await ProblemErrorsAsync("/purchases/bad%20id?limit=0&before=x");

        Assert.Equal(["before", "limit", "userid"], errors.Order());
    }

    [Fact]
    public async Task A_users_purchases_come_newest_first_in_pages_that_neither_skip_nor_repeat()
    {
        // Two purchases in the same instant: the id orders them.
        _store.Add(
            TestMessages.Purchase("p-1", timestamp: s_start),
            TestMessages.Purchase("p-2", timestamp: s_start.AddMinutes(1)),
            TestMessages.Purchase("p-3a", timestamp: s_start.AddMinutes(2)),
            TestMessages.Purchase("p-3b", timestamp: s_start.AddMinutes(2)),
            TestMessages.Purchase("p-4", timestamp: s_start.AddMinutes(3)),
            TestMessages.Purchase("other", userId: "user-2", timestamp: s_start.AddMinutes(5)));

        var ids = new List<string>();
        var pages = 0;
        string? url = "/purchases/user-1?limit=2";
        while (url is not null)
        {
            using var response = await _client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<List<Purchase>>(TestContext.Current.CancellationToken);
            ids.AddRange(page!.Select(p => p.Id));
            pages++;
            url = response.Headers.TryGetValues(PurchaseHttpHeaders.NextCursor, out var cursor)
                ? $"/purchases/user-1?limit=2&before={cursor.Single()}"
                : null;
        }

        Assert.Equal(["p-4", "p-3b", "p-3a", "p-2", "p-1"], ids);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_full_last_page_has_no_next_cursor()
    {
        _store.Add(TestMessages.Purchase("p-1", timestamp: s_start), TestMessages.Purchase("p-2", timestamp: s_start.AddSeconds(1)));

        using var response = await _client.GetAsync("/purchases/user-1?limit=2", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(PurchaseHttpHeaders.NextCursor));
    }

    [Fact]
    public async Task A_purchase_has_exactly_the_five_fields_of_the_contract_with_a_numeric_price()
    {
        _store.Add(TestMessages.Purchase("p-1", price: 1234.5m, timestamp: s_start));

        var json = await _client.GetStringAsync("/purchases/user-1", TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(json);
        var purchase = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(["id", "username", "userid", "price", "timestamp"], purchase.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, purchase.GetProperty("price").ValueKind);
        Assert.Equal(1234.5m, purchase.GetProperty("price").GetDecimal());
        Assert.Equal(s_start, purchase.GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_user_without_purchases_gets_an_empty_list()
    {
        var json = await _client.GetStringAsync("/purchases/nobody", TestContext.Current.CancellationToken);

        Assert.Equal("[]", json);
    }

    [Fact]
    public async Task Recent_purchases_span_users_newest_first()
    {
        _store.Add(
            TestMessages.Purchase("a", userId: "user-1", timestamp: s_start),
            TestMessages.Purchase("b", userId: "user-2", timestamp: s_start.AddSeconds(2)),
            TestMessages.Purchase("c", userId: "user-3", timestamp: s_start.AddSeconds(1)));

        var purchases = await _client.GetFromJsonAsync<List<Purchase>>("/purchases", TestContext.Current.CancellationToken);

        Assert.Equal(["b", "c", "a"], purchases!.Select(p => p.Id));
    }

    [Fact]
    public async Task Recent_purchases_stop_at_500()
    {
        _store.Add([.. Enumerable.Range(0, 510).Select(i => TestMessages.Purchase($"p-{i}", timestamp: s_start.AddSeconds(i)))]);

        var purchases = await _client.GetFromJsonAsync<List<Purchase>>("/purchases", TestContext.Current.CancellationToken);

        Assert.Equal(PurchasesApi.RecentCount, purchases!.Count);
        Assert.Equal("p-509", purchases[0].Id);
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_answered_with_problem_details_as_Facing_does()
    {
        using var unknown = await _client.GetAsync("/nowhere", TestContext.Current.CancellationToken);
        using var wrongMethod = await _client.DeleteAsync("/purchases", TestContext.Current.CancellationToken);

        await Problems.ReadAsync(unknown, HttpStatusCode.NotFound);
        await Problems.ReadAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
    }

    private async Task<IReadOnlyList<string>> ProblemErrorsAsync(string url)
    {
        using var response = await _client.GetAsync(url, TestContext.Current.CancellationToken);

        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name)];
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
