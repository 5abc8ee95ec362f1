using System.Text;

namespace BuyList.Tests.Component.Facing;

/// <summary>
/// The body limit over a real socket, a path the in-memory TestServer does not have: Facing answers 413 after reading
/// at most 16 KiB and a byte, counts it refused and publishes nothing, and Kestrel drains the rest so that the answer
/// reaches the client. The test ends with a purchase within the limit, so it also covers "over Kestrel a purchase
/// within the limit is accepted". It took over the TestServer's "a 17 KiB body is refused with 413 whether its length
/// is announced or it is sent chunked".
/// </summary>
public sealed class KestrelTests
{
    private static readonly byte[] s_oversized =
        Encoding.UTF8.GetBytes($$"""{"username":"{{new string('n', 17 * 1024)}}","userid":"ada-1","price":10}""");

    [Fact]
    public async Task Over_Kestrel_a_17_KiB_body_is_refused_with_413_whether_announced_or_chunked_and_the_connection_stays_usable_for_a_purchase_within_the_limit()
    {
        await using var app = FacingApp.Start(kestrel: true);
        using var metrics = new FacingMeters(app.Services);

        // Repeated on the client's pooled connections: a server that closes a connection with the body unread resets
        // it, and the client then sees a network error instead of the 413 (it did for most chunked attempts).
        for (var attempt = 0; attempt < 25; attempt++)
        {
            using var announced = await app.Client.PostBuyAsync(new ByteArrayContent(s_oversized) { Headers = { ContentType = new("application/json") } });
            Problems.Errors(await Problems.ReadAsync(announced, HttpStatusCode.RequestEntityTooLarge), "body");

            using var chunked = await app.Client.PostBuyAsync(new StreamContent(new MemoryStream(s_oversized)) { Headers = { ContentType = new("application/json") } },
                ("Transfer-Encoding", "chunked"));
            Problems.Errors(await Problems.ReadAsync(chunked, HttpStatusCode.RequestEntityTooLarge), "body");
        }

        Assert.Equal(50, metrics.Rejected.GetMeasurementSnapshot().Tagged("reason", "validation").EvaluateAsCounter());
        var valid = new StringContent("""{"username":"Ada","userid":"ada-1","price":10}""", Encoding.UTF8, "application/json");
        using var accepted = await app.Client.PostAsync("/buy", valid, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(1, app.CountPurchases());
    }
}
