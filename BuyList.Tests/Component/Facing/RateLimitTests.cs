using System.Net.Http.Headers;
using System.Text;
using BuyList.Tests.Component.Contract;

namespace BuyList.Tests.Component.Facing;

/// <summary>
/// <c>POST /buy</c> per client (<c>Limits</c>): off by default; on, a client over its permits gets 429 ProblemDetails
/// with Retry-After and nothing is published, while another client is not affected. The client is the connection's
/// address, or the X-Forwarded-For of a configured trusted proxy only. Header limits come from the same section.
/// </summary>
public sealed class RateLimitTests
{
    private static Dictionary<string, string> Limited(params (string Key, string Value)[] more) =>
        new[] { ("Limits:RateLimitEnabled", "true"), ("Limits:RateLimitPermits", "2"), ("Limits:RateLimitWindow", "00:05:00") }.Concat(more).ToDictionary();

    /// <summary>Merges "more request headers than the limit are refused with 431", which sets a header limit only.</summary>
    [Fact]
    public async Task By_default_posting_is_not_throttled_and_more_request_headers_than_the_limit_are_refused_with_431()
    {
        await using var app = FacingApp.Start(new Dictionary<string, string> { ["Limits:MaxRequestHeaderCount"] = "20" }, kestrel: true);

        for (var i = 0; i < 40; i++)
        {
            using var response = await PostAsync(app.Client, forwardedFor: null);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"request {i + 1}: {(int)response.StatusCode}");
        }

        using var refused = await app.Client.PostBuyAsync(Body(), [.. Enumerable.Range(0, 30).Select(i => ($"X-Padding-{i}", "x"))]);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);
        Assert.Equal(40, app.CountPurchases());
    }

    /// <summary>
    /// Merges "over its permits a client gets 429" with "an untrusted X-Forwarded-For does not choose the bucket" and
    /// "a client over its rate gets a documented 429 with a type" (from OpenApiConformanceTests).
    /// </summary>
    [Fact]
    public async Task Over_its_permits_a_client_gets_429_with_Retry_After_and_nothing_is_published_whatever_an_untrusted_X_Forwarded_For_says()
    {
        await using var app = FacingApp.Start(Limited(), kestrel: true);

        using (var first = await PostAsync(app.Client, "203.0.113.1"))
        using (var second = await PostAsync(app.Client, "203.0.113.2"))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        }

        using var refused = await PostAsync(app.Client, "203.0.113.3");
        var problem = await Problems.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.GetProperty("type").GetString());
        await OpenApiContract.Facing.AssertConformsAsync(refused, "post", "/buy");
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 300);
        Assert.Equal(2, app.CountPurchases());
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_permits()
    {
        await using var app = FacingApp.Start(Limited(("Limits:TrustedProxies:0", "127.0.0.1")), kestrel: true);

        for (var i = 0; i < 2; i++)
        {
            using var accepted = await PostAsync(app.Client, "203.0.113.1");
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }

        using (var refused = await PostAsync(app.Client, "203.0.113.1"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        using var other = await PostAsync(app.Client, "203.0.113.2");
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string? forwardedFor) =>
        client.PostBuyAsync(Body(), forwardedFor is null ? [] : [("X-Forwarded-For", forwardedFor)]);

    private static StringContent Body() =>
        new($$"""{"username":"Ada","userid":"ada-{{Guid.NewGuid():N}}","price":1.5}""", Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
