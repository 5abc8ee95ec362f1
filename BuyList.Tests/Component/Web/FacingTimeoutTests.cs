using System.Diagnostics;
using System.Net.Sockets;
using BuyList.Web.FacingApi;

namespace BuyList.Tests.Component.Web;

/// <summary>The page's calls to Facing are bounded by <c>Facing:AttemptTimeout</c> and <c>Facing:TotalTimeout</c>.</summary>
[Collection(HostStartupCollection.Name)]
public sealed class FacingTimeoutTests
{
    [Fact]
    public async Task A_Facing_that_never_answers_is_unavailable_after_the_configured_total_timeout()
    {
        // Connections are taken (the backlog) and never answered.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var web = new WebFactory(new Dictionary<string, string>
        {
            ["services:facing:http:0"] = $"http://{silent.LocalEndpoint}",
            ["Facing:AttemptTimeout"] = "00:00:00.300",
            ["Facing:TotalTimeout"] = "00:00:01",
        });
        var facing = web.Services.GetRequiredService<IFacingClient>();

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<FacingUnavailableException>(() =>
            facing.GetPurchasesAsync("u1", 20, before: null, cancellationToken: TestContext.Current.CancellationToken));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
    }
}
