using System.Text;
using BuyList.ServiceDefaults;

namespace BuyList.Tests.EndToEnd.ServiceDefaults;

/// <summary>
/// The operations port (<c>Operations:Port</c>) is listened on whichever setting names the app's port. Kestrel gives
/// <c>ASPNETCORE_URLS</c> precedence over <c>HTTP_PORTS</c>, and Aspirate sets <c>ASPNETCORE_URLS=http://+:8080;</c>
/// for every project, so <c>HTTP_PORTS=8080;8081</c> alone left nothing on 8081 (no probes, no <c>/metrics</c>).
/// Facing's build as a process of its own, configured through its environment as a container is.
/// </summary>
public sealed class OperationsPortSettingsTests
{
    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("HTTP_PORTS")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    public async Task Both_ports_answer_whichever_setting_names_the_app_port(string setting)
    {
        var token = TestContext.Current.CancellationToken;
        using var cluster = KafkaTestKit.PurchaseCluster();
        var appPort = Loopback.FreePort();
        var operationsPort = Loopback.FreePort();
        var environment = new Dictionary<string, string>
        {
            // URLs would win over the ports settings; empty is unset (the test run's own environment may hold one).
            ["ASPNETCORE_URLS"] = "",
            // The URLs as Aspirate writes them: every address, a trailing separator.
            [setting] = setting == "ASPNETCORE_URLS" ? $"http://+:{appPort};" : appPort.ToString(CultureInfo.InvariantCulture),
            ["Operations__Port"] = operationsPort.ToString(CultureInfo.InvariantCulture),
        };

        await using var facing = BuiltApp.Start("BuyList.Facing",
            [$"--ConnectionStrings:kafka={cluster.BootstrapServers}", "--services:management:http:0=http://127.0.0.1:9"], environment);
        await facing.WaitUntilAnswersAsync(new Uri($"http://127.0.0.1:{operationsPort}{ServiceDefaultsExtensions.ReadyPath}"), TimeSpan.FromSeconds(60), token);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var buy = await http.PostAsync($"http://127.0.0.1:{appPort}/buy",
            new StringContent("""{"username":"Ada","userid":"ada-ports","price":2}""", Encoding.UTF8, "application/json"), token);
        Assert.True(buy.StatusCode == HttpStatusCode.Created, $"POST /buy on the app port: {(int)buy.StatusCode}\n{facing.Tail()}");
        using var metrics = await http.GetAsync($"http://127.0.0.1:{operationsPort}{ServiceDefaultsExtensions.MetricsPath}", token);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        using var metricsOnAppPort = await http.GetAsync($"http://127.0.0.1:{appPort}{ServiceDefaultsExtensions.MetricsPath}", token);
        Assert.Equal(HttpStatusCode.NotFound, metricsOnAppPort.StatusCode);
        // Kestrel drops every configured address when code binds one itself, and says so.
        Assert.DoesNotContain("Overriding address", facing.Output, StringComparison.Ordinal);
    }
}
