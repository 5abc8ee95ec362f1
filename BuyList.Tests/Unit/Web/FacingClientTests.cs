using System.Text;
using BuyList.Contracts;
using BuyList.Web.FacingApi;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuyList.Tests.Unit.Web;

public sealed class FacingClientTests
{
    private static readonly Uri s_facing = new("http://facing.test/");

    [Fact]
    public async Task Buy_posts_the_purchase_with_its_idempotency_key_and_returns_what_Facing_recorded()
    {
        var handler = new StubHandler(_ => Json(HttpStatusCode.Created, """
            {"message":"Purchase recorded","purchase":{"id":"p-1","username":"alice","userid":"u1","price":12.5,"timestamp":"2025-11-25T14:42:10.123+00:00"}}
            """));
        var client = Client(handler);

        var purchase = await client.BuyAsync(new BuyRequest("alice", "u1", 12.50m), "key-1", TestContext.Current.CancellationToken);

        Assert.Equal(new Purchase("p-1", "alice", "u1", 12.5m, new DateTimeOffset(2025, 11, 25, 14, 42, 10, 123, TimeSpan.Zero)), purchase);
        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://facing.test/buy", request.RequestUri!.ToString());
        Assert.Equal(["key-1"], request.Headers.GetValues("Idempotency-Key"));
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"username":"alice","userid":"u1","price":12.50}""", body);
    }

    [Fact]
    public async Task A_ProblemDetails_400_becomes_errors_by_field()
    {
        var client = Client(new StubHandler(_ => Json(HttpStatusCode.BadRequest, """
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,
             "errors":{"price":["The price must be more than 0."],"Idempotency-Key":["Bad key."]}}
            """, "application/problem+json")));

        var ex = await Assert.ThrowsAsync<FacingRejectedException>(() =>
            client.BuyAsync(new BuyRequest("alice", "u1", 1m), "k", TestContext.Current.CancellationToken));

        Assert.Equal(["The price must be more than 0."], ex.Errors["Price"]);
        Assert.Equal(["Bad key."], ex.Errors["idempotency-key"]);
        Assert.Equal("One or more validation errors occurred.", ex.Detail);
    }

    /// <summary>
    /// Merges five tests (other input refusals without a body, a 503, a proxy's error page, a refused connection, an
    /// unreadable success): each is a refusal or "unavailable" on both routes, never a crash.
    /// </summary>
    [Theory]
    [InlineData("413 without a body", true)]
    [InlineData("415 without a body", true)]
    [InlineData("503 ProblemDetails", false)]
    [InlineData("502 proxy page", false)]
    [InlineData("refused connection", false)]
    [InlineData("200 not JSON", false)]
    public async Task Each_failure_is_a_refusal_or_unavailable_on_both_routes(string answer, bool refusal)
    {
        var client = Client(new StubHandler(_ => answer switch
        {
            "413 without a body" => new HttpResponseMessage(HttpStatusCode.RequestEntityTooLarge),
            "415 without a body" => new HttpResponseMessage(HttpStatusCode.UnsupportedMediaType),
            "503 ProblemDetails" => Json(HttpStatusCode.ServiceUnavailable, """{"title":"Broker unavailable","status":503}""", "application/problem+json"),
            "502 proxy page" => Json(HttpStatusCode.BadGateway, "<html><body>502 Bad Gateway</body></html>", "text/html"),
            "refused connection" => throw new HttpRequestException("Connection refused"),
            _ => Json(HttpStatusCode.OK, "not json"),
        }));
        var ct = TestContext.Current.CancellationToken;

        var buying = await Assert.ThrowsAnyAsync<FacingException>(() => client.BuyAsync(new BuyRequest("alice", "u1", 1m), "k", ct));
        var reading = await Assert.ThrowsAnyAsync<FacingException>(() => client.GetPurchasesAsync("u1", 20, before: null, cancellationToken: ct));

        var expected = refusal ? typeof(FacingRejectedException) : typeof(FacingUnavailableException);
        Assert.Equal([expected, expected], new[] { buying.GetType(), reading.GetType() });
        Assert.True(buying is not FacingRejectedException rejected || rejected.Errors.Count == 0);
    }

    /// <summary>Merged with the test that the last page (no <c>X-Next-Cursor</c>) has no cursor.</summary>
    [Fact]
    public async Task Reading_a_page_escapes_the_user_id_and_cursor_and_returns_the_next_cursor_until_the_last_page()
    {
        var handler = new StubHandler(request =>
        {
            if (request.RequestUri!.Query.Contains("cur%2F2", StringComparison.Ordinal))
            {
                return Json(HttpStatusCode.OK, "[]");
            }

            var response = Json(HttpStatusCode.OK, """
                [{"id":"b","username":"alice","userid":"a@b","price":2,"timestamp":"2025-11-25T15:00:00Z"},
                 {"id":"a","username":"alice","userid":"a@b","price":1.25,"timestamp":"2025-11-25T14:00:00Z"}]
                """);
            response.Headers.Add("X-Next-Cursor", "cur/2+=");
            return response;
        });
        var client = Client(handler);

        var page = await client.GetPurchasesAsync("a@b", 2, "cur/1+=", TestContext.Current.CancellationToken);
        var last = await client.GetPurchasesAsync("a@b", 2, page.NextCursor, TestContext.Current.CancellationToken);

        Assert.Equal(["b", "a"], page.Purchases.Select(p => p.Id));
        Assert.Equal(1.25m, page.Purchases[1].Price);
        Assert.Equal("cur/2+=", page.NextCursor);
        Assert.Equal("http://facing.test/getAllUserBuys/a%40b?limit=2&before=cur%2F1%2B%3D", handler.Requests[0].Request.RequestUri!.AbsoluteUri);
        Assert.Empty(last.Purchases);
        Assert.Null(last.NextCursor);
    }

    private static FacingClient Client(StubHandler handler) =>
        new(new HttpClient(handler) { BaseAddress = s_facing }, NullLogger<FacingClient>.Instance);

    private static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        /// <summary>Each request, read after the client has disposed it (its headers stay readable), and its body.</summary>
        public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request, request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken)));
            return respond(request);
        }
    }
}
