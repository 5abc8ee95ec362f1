using System.Text;

namespace BuyList.Tests.Component.ServiceDefaults;

/// <summary>
/// The operational endpoints on their own port (<c>Operations:Port</c>), as in the cluster: Facing on Kestrel with a
/// public and an internal listener. Metrics and health answer on the internal port only; the public port answers them
/// as any unknown path, whatever Host header the caller sends; the internal port serves nothing else. Every response
/// on either port says <c>nosniff</c> and names no server, and every refusal is a problem.
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
        await (_factory?.DisposeAsync() ?? ValueTask.CompletedTask);
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

    /// <summary>
    /// Merges "every response on either port says nosniff and names no server" (each answer here is held to both) and
    /// BuyValidationTests' "only the contract's routes and methods are served and the rest are answered with problems".
    /// </summary>
    [Fact]
    public async Task With_an_operations_port_metrics_and_health_answer_there_the_public_port_answers_404_and_every_answer_says_nosniff_and_names_no_server()
    {
        var ct = TestContext.Current.CancellationToken;
        var (publicClient, operations) = Start(Loopback.FreePort());

        await AssertAnswersAsync(publicClient.PostAsync("/buy", Purchase(), ct), HttpStatusCode.Created, "POST /buy");
        await AssertAnswersAsync(publicClient.PostAsync("/buy", new StringContent("{}", Encoding.UTF8, "application/json"), ct), HttpStatusCode.BadRequest, "POST /buy of {}");
        await AssertAnswersAsync(publicClient.PostAsync("/buy", new StringContent("x", Encoding.UTF8, "text/plain"), ct), HttpStatusCode.UnsupportedMediaType, "POST /buy of text");
        await AssertAnswersAsync(publicClient.GetAsync("/nothing-here", ct), HttpStatusCode.NotFound, "an unknown path");
        await AssertAnswersAsync(publicClient.GetAsync("/buy", ct), HttpStatusCode.MethodNotAllowed, "a wrong method");
        foreach (var path in s_operationalPaths)
        {
            await AssertAnswersAsync(publicClient.GetAsync(path, ct), HttpStatusCode.NotFound, $"{path} on the public port");

            // The Host header is the caller's: naming the internal port must not open it.
            using var spoofed = new HttpRequestMessage(HttpMethod.Get, path);
            spoofed.Headers.Host = operations.BaseAddress!.Authority;
            await AssertAnswersAsync(publicClient.SendAsync(spoofed, ct), HttpStatusCode.NotFound, $"{path} on the public port with Host {spoofed.Headers.Host}");

            await AssertAnswersAsync(operations.GetAsync(path, ct), HttpStatusCode.OK, $"{path} on the operations port");
        }

        var metrics = await operations.GetStringAsync("/metrics", ct);
        Assert.Contains("buylist_purchases_accepted", metrics, StringComparison.Ordinal);
        await AssertAnswersAsync(operations.PostAsync("/buy", Purchase(), ct), HttpStatusCode.NotFound, "POST /buy on the operations port");
    }

    [Fact]
    public async Task Without_an_operations_port_the_endpoints_share_the_one_port()
    {
        var ct = TestContext.Current.CancellationToken;
        var (publicClient, _) = Start(operationsPort: null); // one port for both

        foreach (var path in s_operationalPaths)
        {
            await AssertAnswersAsync(publicClient.GetAsync(path, ct), HttpStatusCode.OK, path);
        }
    }

    private static async Task AssertAnswersAsync(Task<HttpResponseMessage> sending, HttpStatusCode status, string what)
    {
        using var response = await sending;
        Assert.True(response.StatusCode == status, $"{what}: {(int)response.StatusCode}");
        if (status >= HttpStatusCode.BadRequest)
        {
            await Problems.ReadAsync(response, status); // on either port, as on Facing's own routes
        }

        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var values) && values.Single() == "nosniff",
            $"{what}: no X-Content-Type-Options: nosniff");
        Assert.False(response.Headers.Contains("Server"), $"{what}: Server: {string.Join(",", response.Headers.Server)}");
    }

    private static StringContent Purchase() =>
        new("""{"username":"Ada","userid":"ada-ops","price":1.5}""", Encoding.UTF8, "application/json");
}
