using System.Globalization;
using System.Net;
using System.Text;
using BuyList.AppHost.Hosting;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Component.ServiceDefaults;

/// <summary>
/// The operational endpoints on their own port (<c>Operations:Port</c>), as in the cluster: Facing on Kestrel with a
/// public and an internal listener. Metrics and health answer on the internal port only; the public port answers them
/// as any unknown path, whatever Host header the caller sends; the internal port serves nothing else. Every response
/// on either port says <c>nosniff</c> and names no server.
/// </summary>
public sealed class OperationsPortTests : IAsyncDisposable
{
    private static readonly string[] s_operationalPaths = ["/metrics", "/health", "/alive", "/ready"];

    private readonly KafkaMockCluster _cluster = KafkaTestKit.PurchaseCluster();
    private readonly List<HttpClient> _clients = [];
    private FacingFactory? _factory;

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _cluster.Dispose();
    }

    private (HttpClient Public, HttpClient Operations) Start(int? operationsPort)
    {
        var publicPort = Loopback.FreePort();
        _factory = new FacingFactory(_cluster.BootstrapServers, operationsPort is null
            ? null
            : new Dictionary<string, string> { ["Operations:Port"] = operationsPort.Value.ToString(CultureInfo.InvariantCulture) });
        _factory.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, publicPort);
            if (operationsPort is not null)
            {
                kestrel.Listen(IPAddress.Loopback, operationsPort.Value);
            }
        });
        _factory.StartServer();
        _clients.Add(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}") });
        _clients.Add(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{operationsPort ?? publicPort}") });
        return (_clients[0], _clients[1]);
    }

    [Fact]
    public async Task With_an_operations_port_metrics_and_health_answer_there_and_the_public_port_answers_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var (publicClient, operations) = Start(Loopback.FreePort());

        using (var buy = await publicClient.PostAsync("/buy", Purchase(), ct))
        {
            Assert.Equal(HttpStatusCode.Created, buy.StatusCode);
        }

        foreach (var path in s_operationalPaths)
        {
            using var onPublic = await publicClient.GetAsync(path, ct);
            Assert.True(onPublic.StatusCode == HttpStatusCode.NotFound, $"{path} on the public port: {(int)onPublic.StatusCode}");

            // The Host header is the caller's: naming the internal port must not open it.
            using var spoofed = new HttpRequestMessage(HttpMethod.Get, path);
            spoofed.Headers.Host = operations.BaseAddress!.Authority;
            using var onPublicSpoofed = await publicClient.SendAsync(spoofed, ct);
            Assert.True(onPublicSpoofed.StatusCode == HttpStatusCode.NotFound, $"{path} on the public port with Host {spoofed.Headers.Host}: {(int)onPublicSpoofed.StatusCode}");

            using var onOperations = await operations.GetAsync(path, ct);
            Assert.True(onOperations.StatusCode == HttpStatusCode.OK, $"{path} on the operations port: {(int)onOperations.StatusCode}");
        }

        var metrics = await operations.GetStringAsync("/metrics", ct);
        Assert.Contains("buylist_purchases_accepted", metrics, StringComparison.Ordinal);

        using var buyOnOperations = await operations.PostAsync("/buy", Purchase(), ct);
        Assert.Equal(HttpStatusCode.NotFound, buyOnOperations.StatusCode);
    }

    [Fact]
    public async Task Without_an_operations_port_the_endpoints_share_the_one_port()
    {
        var ct = TestContext.Current.CancellationToken;
        var (publicClient, _) = Start(operationsPort: null); // one port for both

        foreach (var path in s_operationalPaths)
        {
            using var response = await publicClient.GetAsync(path, ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Every_response_on_either_port_says_nosniff_and_names_no_server()
    {
        var ct = TestContext.Current.CancellationToken;
        var (publicClient, operations) = Start(Loopback.FreePort());

        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("201 from POST /buy", await publicClient.PostAsync("/buy", Purchase(), ct)),
            ("400 from POST /buy", await publicClient.PostAsync("/buy", new StringContent("{}", Encoding.UTF8, "application/json"), ct)),
            ("415 from POST /buy", await publicClient.PostAsync("/buy", new StringContent("x", Encoding.UTF8, "text/plain"), ct)),
            ("404 of an unknown path", await publicClient.GetAsync("/nothing-here", ct)),
            ("405 of a wrong method", await publicClient.GetAsync("/buy", ct)),
            ("404 of /metrics on the public port", await publicClient.GetAsync("/metrics", ct)),
            ("200 of /metrics", await operations.GetAsync("/metrics", ct)),
            ("200 of /alive", await operations.GetAsync("/alive", ct)),
        };
        try
        {
            Assert.All(responses, r =>
            {
                Assert.True(r.Response.Headers.TryGetValues("X-Content-Type-Options", out var values) && values.Single() == "nosniff",
                    $"{r.What}: no X-Content-Type-Options: nosniff");
                Assert.False(r.Response.Headers.Contains("Server"), $"{r.What}: Server: {string.Join(",", r.Response.Headers.Server)}");
            });
        }
        finally
        {
            responses.ForEach(r => r.Response.Dispose());
        }
    }

    private static StringContent Purchase() =>
        new("""{"username":"Ada","userid":"ada-ops","price":1.5}""", Encoding.UTF8, "application/json");
}
