using System.Text;
using BuyList.Contracts;

namespace BuyList.Tests.Component.Contract;

/// <summary>
/// The committed OpenAPI documents tell a client the truth: real answers of Facing and Management (in-process, on the
/// Kafka mock broker and the tests' MongoDB server) hold to them, status, body and required headers; the request schema
/// admits exactly what Facing accepts; and every example is valid against its own schema. The 429 and the 503s of
/// <c>POST /buy</c> are held to the document where they are made: RateLimitTests, BrokerOutageTests, UncertainDeliveryTests;
/// the bodies Facing refuses and accepts are held to the request schema in BuyValidationTests (BadBodies, and the text
/// of every script).
/// </summary>
public sealed class OpenApiConformanceTests
{
    private const string Buy = "/buy";
    private const string Listing = "/getAllUserBuys/{userid}";
    private const string UserPurchases = "/purchases/{userid}";
    private const string RecentPurchases = "/purchases";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static OpenApiContract Facing => OpenApiContract.Facing;

    private static OpenApiContract Management => OpenApiContract.Management;

    [Fact]
    public async Task Facing_and_Management_answer_purchases_and_listings_as_documented()
    {
        await using var pipeline = await PurchasePipeline.StartAsync("buylist-openapi");

        for (var i = 1; i <= 3; i++)
        {
            using var created = await pipeline.Facing.PostBuyAsync(new { username = "Ada", userid = "ada-1", price = i + 0.5m }, (PurchaseHttpHeaders.IdempotencyKey, $"order-{i}"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            await Facing.AssertConformsAsync(created, "post", Buy);
        }

        // A page with a next page's cursor, the last page without, and the same from Management itself.
        using var first = await Eventually.ReturnsAsync(() => pipeline.Facing.GetAsync("/getAllUserBuys/ada-1?limit=2", Token),
            r => r.Headers.Contains(PurchaseHttpHeaders.NextCursor), "the first page of two has a next page");
        await Facing.AssertConformsAsync(first, "get", Listing);
        var cursor = Uri.EscapeDataString(first.Headers.GetValues(PurchaseHttpHeaders.NextCursor).Single());
        using var last = await pipeline.Facing.GetAsync($"/getAllUserBuys/ada-1?limit=2&before={cursor}", Token);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.False(last.Headers.Contains(PurchaseHttpHeaders.NextCursor));
        await Facing.AssertConformsAsync(last, "get", Listing);
        using var page = await pipeline.ManagementClient.GetAsync("/purchases/ada-1?limit=2", Token);
        await Management.AssertConformsAsync(page, "get", UserPurchases);
        using var recent = await pipeline.ManagementClient.GetAsync("/purchases", Token);
        Assert.Equal(3, (await recent.Content.ReadFromJsonAsync<JsonElement>(Token)).GetArrayLength());
        await Management.AssertConformsAsync(recent, "get", RecentPurchases);

        // Refusals: each a problem of the documented shape.
        foreach (var (url, errorKey) in new[] { ("/getAllUserBuys/not%20an%20id", "userid"), ("/getAllUserBuys/ada-1?limit=0", "limit"), ("/getAllUserBuys/ada-1?before=nonsense", "before") })
        {
            using var refused = await pipeline.Facing.GetAsync(url, Token);
            Problems.Errors(await Problems.ReadAsync(refused, HttpStatusCode.BadRequest), errorKey);
            await Facing.AssertConformsAsync(refused, "get", Listing);
            using var refusedByManagement = await pipeline.ManagementClient.GetAsync(url.Replace("/getAllUserBuys/", "/purchases/", StringComparison.Ordinal), Token);
            Assert.Equal(HttpStatusCode.BadRequest, refusedByManagement.StatusCode);
            await Management.AssertConformsAsync(refusedByManagement, "get", UserPurchases);
        }

        using var badBody = await pipeline.Facing.PostBuyAsync(new { username = "Ada", userid = "ada-1", price = 1, coupon = "x" });
        Problems.Errors(await Problems.ReadAsync(badBody, HttpStatusCode.BadRequest), "coupon");
        await Facing.AssertConformsAsync(badBody, "post", Buy);
        using var badKey = await pipeline.Facing.PostBuyAsync(new { username = "Ada", userid = "ada-1", price = 1 }, (PurchaseHttpHeaders.IdempotencyKey, "not a key"));
        Problems.Errors(await Problems.ReadAsync(badKey, HttpStatusCode.BadRequest), PurchaseHttpHeaders.IdempotencyKey);
        await Facing.AssertConformsAsync(badKey, "post", Buy);
        using var notJson = await pipeline.Facing.PostAsync(Buy, new StringContent("username=Ada", Encoding.UTF8, "text/plain"), Token);
        Problems.Errors(await Problems.ReadAsync(notJson, HttpStatusCode.UnsupportedMediaType), "Content-Type");
        await Facing.AssertConformsAsync(notJson, "post", Buy);
        using var tooLarge = await pipeline.Facing.PostBuyAsync(new { username = new string('n', 17 * 1024), userid = "ada-1", price = 1 });
        Problems.Errors(await Problems.ReadAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge), "body");
        await Facing.AssertConformsAsync(tooLarge, "post", Buy);
    }

    [Theory]
    [InlineData("ada-1", true)]
    [InlineData("first.last_2@example-host", true)]
    [InlineData("ada 1", false)]
    [InlineData("ada%2F1", false)]
    public async Task The_path_userid_schema_admits_exactly_the_ids_Facing_accepts(string userId, bool valid)
    {
        await using var app = FacingApp.Start(new Dictionary<string, string> { ["services:management:http:0"] = Loopback.FreeAddress().ToString() });

        using var response = await app.Client.GetAsync($"/getAllUserBuys/{Uri.EscapeDataString(Uri.UnescapeDataString(userId))}", Token);

        Assert.Equal(valid, Facing.EvaluateParameter("get", Listing, "userid", Uri.UnescapeDataString(userId)).IsValid);
        // A valid id reaches Management, which is not there here: 503, documented as well.
        Assert.Equal(valid ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.BadRequest, response.StatusCode);
        await Facing.AssertConformsAsync(response, "get", Listing);
    }

    [Fact]
    public async Task A_header_value_with_bytes_outside_ASCII_gets_a_problem_naming_the_header_not_a_bare_400()
    {
        await using var app = FacingApp.Start(kestrel: true);
        // "café" in Latin-1: the é is the byte 0xE9, not UTF-8 (Kestrel took valid UTF-8 as it is, and refused this bare).
        using var latin1 = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 })
        {
            BaseAddress = app.Client.BaseAddress,
        };

        using var response = await latin1.PostBuyAsync(new { username = "Ada", userid = "ada-1", price = 1 }, (PurchaseHttpHeaders.IdempotencyKey, "café"));

        Problems.Errors(await Problems.ReadAsync(response, HttpStatusCode.BadRequest), PurchaseHttpHeaders.IdempotencyKey);
        await Facing.AssertConformsAsync(response, "post", Buy);
    }

    [Theory]
    [InlineData("facing.json")]
    [InlineData("management.json")]
    public void Every_request_and_answer_has_an_example_that_its_schema_admits(string file)
    {
        var contract = file == Facing.File ? Facing : Management;
        var examples = contract.Examples().ToList();

        Assert.NotEmpty(examples);
        foreach (var (where, schema, example) in examples)
        {
            contract.AssertValid(schema, example, $"{file}: the example of {where}");
        }
    }
}
