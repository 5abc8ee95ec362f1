using BuyList.Contracts;
using BuyList.Management.Purchases;

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
    [InlineData("has%20space", "userid")]
    [InlineData("semi%3Bcolon", "userid")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "userid")] // 65 characters
    [InlineData("user-1?limit=0", "limit")]
    [InlineData("user-1?limit=501", "limit")]
    [InlineData("user-1?limit=-1", "limit")]
    [InlineData("user-1?limit=ten", "limit")]
    [InlineData("user-1?limit=1.5", "limit")]
    [InlineData("user-1?limit=", "limit")]
    [InlineData("user-1?before=garbage!", "before")] // a cursor this service did not make
    [InlineData("user-1?before=AAAAAAAAAAA", "before")]
    [InlineData("user-1?before=", "before")]
    [InlineData("bad%20id?limit=0&before=x", "before,limit,userid")] // every bad field at once
    public async Task A_bad_user_id_limit_or_cursor_is_a_400_naming_each_bad_field(string path, string fields)
    {
        using var response = await _client.GetAsync($"/purchases/{path}", TestContext.Current.CancellationToken);

        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(fields.Split(','), problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task A_users_purchases_come_newest_first_in_pages_that_neither_skip_nor_repeat_and_a_full_last_page_has_no_next_cursor()
    {
        // Two purchases in the same instant: the id orders them. Six make three full pages of two.
        _store.Add(
            TestMessages.Purchase("p-0", timestamp: s_start.AddMinutes(-1)),
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

        Assert.Equal(["p-4", "p-3b", "p-3a", "p-2", "p-1", "p-0"], ids);
        Assert.Equal(3, pages); // a cursor after the full third page would have asked for an empty fourth
    }

    [Fact]
    public async Task A_purchase_has_exactly_the_five_fields_of_the_contract_with_a_numeric_price_and_a_user_without_purchases_gets_an_empty_list()
    {
        // Once two tests.
        _store.Add(TestMessages.Purchase("p-1", price: 1234.5m, timestamp: s_start));

        var json = await _client.GetStringAsync("/purchases/user-1", TestContext.Current.CancellationToken);
        var none = await _client.GetStringAsync("/purchases/nobody", TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(json);
        var purchase = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(["id", "username", "userid", "price", "timestamp"], purchase.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, purchase.GetProperty("price").ValueKind);
        Assert.Equal(1234.5m, purchase.GetProperty("price").GetDecimal());
        Assert.Equal(s_start, purchase.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("[]", none);
    }

    [Fact]
    public async Task Recent_purchases_span_users_newest_first_and_stop_at_500()
    {
        // Added out of order (7 and 510 are coprime, so i * 7 % 510 takes every value once).
        _store.Add([.. Enumerable.Range(0, 510).Select(i => i * 7 % 510)
            .Select(i => TestMessages.Purchase($"p-{i}", userId: $"user-{i % 3}", timestamp: s_start.AddSeconds(i)))]);

        var purchases = await _client.GetFromJsonAsync<List<Purchase>>("/purchases", TestContext.Current.CancellationToken);

        Assert.Equal(PurchasesApi.RecentCount, purchases!.Count);
        Assert.Equal(["p-509", "p-508", "p-507"], purchases.Take(3).Select(p => p.Id));
        Assert.Equal(["user-2", "user-1", "user-0"], purchases.Take(3).Select(p => p.UserId));
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_answered_with_problem_details_as_Facing_does()
    {
        using var unknown = await _client.GetAsync("/nowhere", TestContext.Current.CancellationToken);
        using var wrongMethod = await _client.DeleteAsync("/purchases", TestContext.Current.CancellationToken);

        await Problems.ReadAsync(unknown, HttpStatusCode.NotFound);
        await Problems.ReadAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
    }

    public void Dispose() => _factory.Dispose(); // with the client it created
}
