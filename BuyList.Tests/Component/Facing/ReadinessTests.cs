using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using BuyList.Facing.Listing;
using BuyList.ServiceDefaults;
using BuyList.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BuyList.Tests.Component.Facing;

/// <summary>
/// Readiness is what every route needs, and no route of Facing needs Kafka: during a Kafka outage Facing stays in the
/// Service, so a purchase gets the promised 503 with Retry-After (not a connection error) and listing keeps working.
/// The outage stays visible on <c>/health</c>.
/// </summary>
public sealed class ReadinessTests
{
    private const int MessageTimeoutMs = 3000;

    [Fact]
    public async Task With_Kafka_down_Facing_stays_ready_refuses_purchases_with_503_and_still_lists()
    {
        using var management = new StubManagement();
        await using var app = FacingApp.Start(
            new Dictionary<string, string>
            {
                // Short so the test is; production waits 10 s (appsettings.json).
                ["Kafka:Producer:MessageTimeoutMs"] = $"{MessageTimeoutMs}",
                ["Kafka:Producer:RequestTimeoutMs"] = "1000",
            },
            services => services.AddHttpClient<ManagementClient>().ConfigurePrimaryHttpMessageHandler(() => management));
        var token = TestContext.Current.CancellationToken;
        using (var before = await app.Client.GetAsync(ServiceDefaultsExtensions.ReadyPath, token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        app.Cluster.SetBrokerDown(1);

        using (var health = await app.Client.GetAsync(ServiceDefaultsExtensions.HealthPath, token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode); // the outage stays visible
        }

        using (var ready = await app.Client.GetAsync(ServiceDefaultsExtensions.ReadyPath, token))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var watch = Stopwatch.StartNew();
        using var refused = await app.Client.PostAsJsonAsync("/buy", new { username = "Ada", userid = "ada-1", price = 10 }, token);
        watch.Stop();
        await Problems.ReadAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "A 503 tells the client when to retry.");
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(MessageTimeoutMs + 2000),
            $"The 503 came after {watch.Elapsed}, not within the producer's message timeout ({MessageTimeoutMs} ms).");

        using var listed = await app.Client.GetAsync("/getAllUserBuys/ada-1", token);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("[]", await listed.Content.ReadAsStringAsync(token));

        using var alive = await app.Client.GetAsync(ServiceDefaultsExtensions.AlivePath, token);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    private sealed class StubManagement : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[]", Encoding.UTF8, "application/json") });
    }
}
