using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using BuyList.Contracts;
using BuyList.Tests.Component.Contract;
using BuyList.Tests.Unit.Contracts;
using Microsoft.AspNetCore.Http;

namespace BuyList.Tests.Component.Facing;

/// <summary>One Facing host for the validation table: refused requests never reach Kafka, so they can share it.</summary>
public sealed class SharedFacingApp : IAsyncDisposable
{
    public FacingApp App { get; } = FacingApp.Start();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>
/// What <c>POST /buy</c> refuses, and how: a ProblemDetails with the right status naming the offending field in
/// <c>errors</c>, never a 500, and nothing published.
/// </summary>
public sealed class BuyValidationTests(SharedFacingApp shared) : IClassFixture<SharedFacingApp>
{
    private const string Emoji = "\U0001F600";

    private static readonly JsonSerializerOptions s_rawUtf8 = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly FacingApp _app = shared.App;

    public static TheoryData<string, string, string, bool> BadBodies()
    {
        var data = new TheoryData<string, string, string, bool>
        {
            // case, body, the field errors names, whether the request schema refuses it too (not where parsing, rounding
            // or duplicate members decide: only Facing's rules see those)
            { "malformed JSON", """{"username":"Ada","userid":""", "body", false },
            { "not JSON at all", "username=Ada&userid=ada-1&price=10", "body", false },
            { "an empty body", "", "body", false },
            { "null", "null", "body", true },
            { "an array", """[{"username":"Ada","userid":"ada-1","price":10}]""", "body", true },
            { "a second document after the first", Body() + "{}", "body", false },
            { "a comment", "/* hi */" + Body(), "body", false },
            { "an unknown field", Body(extra: "\"discount\":5"), "discount", true },
            { "a field in the wrong case", """{"Username":"Ada","userid":"ada-1","price":10}""", "Username", true },
            { "the price as a string", Body(price: "\"10\""), "price", true },
            { "the price as a boolean", Body(price: "true"), "price", true },
            { "the price as null", Body(price: "null"), "price", true },
            { "no price", Body(price: null), "price", true },
            { "a price of 0", Body(price: "0"), "price", true },
            { "a negative price", Body(price: "-5"), "price", true },
            { "a price with 3 decimals", Body(price: "1.001"), "price", true },
            { "a price of 1.005", Body(price: "1.005"), "price", true },
            { "a price over 1,000,000", Body(price: "1000000.01"), "price", true },
            { "a price beyond decimal", Body(price: "1e400"), "price", false },
            { "a price that rounds to 10", Body(price: "10.00000000000000000000000000001"), "price", false },
            { "a price that rounds to 0.01", Body(price: "0.00999999999999999999999999999999"), "price", false },
            { "the price given twice", Body(extra: "\"price\":11"), "price", false },
            { "no username", Body(username: null), "username", true },
            { "the username as null", Body(username: "null"), "username", true },
            { "a whitespace-only username", Body(username: "\"   \""), "username", true },
            { "a username of 101 characters", Body(username: $"\"{new string('n', 101)}\""), "username", true },
            { "the username as a number", Body(username: "7"), "username", true },
            { "no userid", Body(userid: null), "userid", true },
            { "a userid with a space", Body(userid: "\"ada 1\""), "userid", true },
            { "a userid of 65 characters", Body(userid: $"\"{new string('x', 65)}\""), "userid", true },
            { "a userid ending in a newline", Body(userid: "\"ada-1\\n\""), "userid", false }, // the pattern's $ admits a final newline
            { "the userid as an object", Body(userid: "{}"), "userid", true },
            { "101 emoji (202 UTF-16 code units)", Body(username: $"\"{string.Concat(Enumerable.Repeat(Emoji, 101))}\""), "username", true },
        };

        // Every text the contract refuses as a username (its own table), escaped so that lone surrogates can be sent. The
        // schema's pattern, as the validator runs it, reads UTF-16 code units and takes only ASCII spaces for blank:
        // surrogates and other spaces only Facing decides.
        foreach (var row in TextRuleTests.NotText)
        {
            var schemaRefuses = !row.Data.Item2.Any(c => char.IsSurrogate(c) || (c != ' ' && char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator));
            data.Add(row.Data.Item1, Body(username: Escaped(row.Data.Item2)), "username", schemaRefuses);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_refused_with_400_naming_the_field_as_the_request_schema_does(string @case, string body, string field, bool schemaRefuses)
    {
        // The refused rows of OpenApiConformanceTests' request-schema table live here: the schema refuses what Facing does.
        using var metrics = new FacingMeters(_app.Services);

        using var response = await _app.Client.PostAsync("/buy", Json(body), TestContext.Current.CancellationToken);

        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(Problems.Errors(problem, field).Length > 0, @case);
        AssertRefusedUnpublished(metrics);
        await OpenApiContract.Facing.AssertConformsAsync(response, "post", "/buy");
        Assert.True(!schemaRefuses || !OpenApiContract.Facing.EvaluateRequestBody("post", "/buy", body).IsValid, $"{@case}: the request schema admits it");
    }

    [Fact]
    public async Task Every_invalid_field_is_named_at_once()
    {
        using var response = await _app.Client.PostAsync("/buy", Json(Body(username: "\"\"", userid: "\"a b\"", price: "0")),
            TestContext.Current.CancellationToken);

        var problem = await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["price", "userid", "username"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    /// <summary>
    /// Merges "a body that is not application/json is refused with 415" (the rows without keys) with "a malformed or
    /// repeated Idempotency-Key is refused with 400 naming it", whose last row (two headers) was "two Idempotency-Keys
    /// are refused with 400".
    /// </summary>
    [Theory]
    [InlineData("text/plain", null)]
    [InlineData("application/x-www-form-urlencoded", null)]
    [InlineData("application/xml", null)]
    [InlineData("application/json; charset=utf-16", null)]
    [InlineData("application/problem+json", null)]
    [InlineData(null, null)]
    [InlineData("application/json", "has space")]
    [InlineData("application/json", "slash/ed")]
    [InlineData("application/json", "0123456789012345678901234567890123456789012345678901234567890123456789")]
    [InlineData("application/json", "key-1,key-2")]
    public async Task A_body_that_is_not_application_json_is_refused_with_415_and_a_malformed_or_repeated_Idempotency_Key_with_400_naming_it(
        string? contentType, string? keys)
    {
        using var metrics = new FacingMeters(_app.Services);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body()));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _app.Client.PostBuyAsync(content, [.. keys?.Split(',').Select(key => ("Idempotency-Key", key)) ?? []]);

        var (status, field) = keys is null ? (HttpStatusCode.UnsupportedMediaType, "Content-Type") : (HttpStatusCode.BadRequest, "Idempotency-Key");
        Problems.Errors(await Problems.ReadAsync(response, status), field);
        AssertRefusedUnpublished(metrics);
    }

    [Fact]
    public async Task An_empty_Idempotency_Key_is_refused_with_400_naming_it()
    {
        // HttpClient leaves an empty header out, so this request is made on the server side of the test host.
        var context = await _app.Factory.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Post;
            http.Request.Path = "/buy";
            http.Request.Headers["Idempotency-Key"] = "";
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(Body()));
        }, TestContext.Current.CancellationToken);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        using var problem = await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: TestContext.Current.CancellationToken);
        Problems.Errors(problem.RootElement, "Idempotency-Key");
    }

    [Theory]
    [InlineData("application/json", "10")]
    [InlineData("application/json; charset=utf-8", "0.01")]
    [InlineData("Application/JSON; charset=\"UTF-8\"", "1000000")]
    [InlineData("application/json", "1000000.00")]
    [InlineData("application/json", "10.50")]
    [InlineData("application/json", "1E2")]
    [InlineData("application/json", "10.000000000000000000000000000000")]
    [InlineData("application/json", "12.5", "\uFEFF")] // a UTF-8 byte order mark
    public async Task Valid_variants_of_the_contracts_body_are_accepted(string contentType, string price, string before = "\n  ")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(before + Body(price: price) + "\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await _app.Client.PostAsync("/buy", content, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
    }

    /// <summary>
    /// Merges OpenApiConformanceTests' "the request schema admits exactly the bodies Facing accepts" (its accepted rows;
    /// the refused one is 101 emoji in <see cref="BadBodies"/>): each body is admitted by the request schema and its 201
    /// is documented. A username is at most 100 characters, not UTF-16 code units.
    /// </summary>
    [Fact]
    public async Task Text_of_every_script_with_marks_and_emoji_is_answered_as_documented_and_published_exactly_as_sent()
    {
        await using var app = FacingApp.Start();
        List<string> usernames = [.. TextRuleTests.Text.Select(row => row.Data.Item2), string.Concat(Enumerable.Repeat(Emoji, 51)), string.Concat(Enumerable.Repeat(Emoji, 100))];
        var ids = new Dictionary<string, string>();
        foreach (var username in usernames)
        {
            // Escaped as a client's JSON encoder may send it, and raw UTF-8 as a browser does: both the same text.
            foreach (var body in new[] { Body(username: Escaped(username)), Body(username: JsonSerializer.Serialize(username, s_rawUtf8)) })
            {
                using var response = await app.Client.PostAsync("/buy", Json(body), TestContext.Current.CancellationToken);
                var answer = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"{username}: {answer}");
                Assert.True(OpenApiContract.Facing.EvaluateRequestBody("post", "/buy", body).IsValid, $"{username}: the request schema refuses it");
                await OpenApiContract.Facing.AssertConformsAsync(response, "post", "/buy");
                var purchase = JsonElement.Parse(answer).GetProperty("purchase");
                Assert.Equal(username, purchase.GetProperty("username").GetString());
                ids[purchase.GetProperty("id").GetString()!] = username;
            }
        }

        var published = (await app.ReadPurchasesAsync(atLeast: ids.Count))
            .Select(m => PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(m.Message.Value)))
            .ToDictionary(p => p.Id, p => p.Username);
        Assert.Equal(ids.OrderBy(p => p.Key, StringComparer.Ordinal), published.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>A JSON string with every code unit outside printable ASCII escaped, lone surrogates included.</summary>
    private static string Escaped(string text) =>
        "\"" + string.Concat(text.Select(c => c is >= ' ' and < '\u007F' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:x4}")) + "\"";

    /// <summary>A valid <c>POST /buy</c> body (<c>username</c>, <c>userid</c>, <c>price</c>) with fields replaced by raw JSON (null leaves a field out).</summary>
    private static string Body(string? username = "\"Ada\"", string? userid = "\"ada-1\"", string? price = "12.5", string? extra = null)
    {
        var fields = new[] { ("username", username), ("userid", userid), ("price", price) }
            .Where(f => f.Item2 is not null)
            .Select(f => $"\"{f.Item1}\":{f.Item2}")
            .Concat(extra is null ? [] : [extra]);
        return "{" + string.Join(",", fields) + "}";
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static void AssertRefusedUnpublished(FacingMeters metrics)
    {
        Assert.Equal(1, metrics.Rejected.GetMeasurementSnapshot().Tagged("reason", "validation").EvaluateAsCounter());
        Assert.Empty(metrics.PublishDuration.GetMeasurementSnapshot());
        Assert.Empty(metrics.Accepted.GetMeasurementSnapshot());
    }
}
