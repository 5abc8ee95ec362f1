using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using BuyList.Contracts;

namespace BuyList.Tests.EndToEnd.Facing;

/// <summary>
/// Facing stopped with SIGTERM under load, as a real process on the Kafka mock broker (whose answers are slowed so
/// requests are in flight): it stops accepting, answers every request it had, flushes, and exits 0. Every 201 has
/// its event, no request that was not answered 201 was published, and the only failures are connections refused
/// before a request was sent (which the pod's preStop pause keeps Kubernetes' Service from routing).
/// </summary>
public sealed class GracefulShutdownTests
{
    private const int Clients = 8;
    private static readonly TimeSpan s_brokerRoundTrip = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task On_SIGTERM_under_load_every_201_has_its_event_and_nothing_else_was_published_or_cut_off()
    {
        var token = TestContext.Current.CancellationToken;
        using var cluster = KafkaTestKit.PurchaseCluster();
        var address = Loopback.FreeAddress();
        await using var facing = await BuiltApp.StartFacingAsync(cluster.BootstrapServers, new Uri("http://127.0.0.1:9"), address,
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, token);
        cluster.SetBrokerRoundTrip(s_brokerRoundTrip);

        var outcomes = new ConcurrentBag<Outcome>();
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(token);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        var load = Enumerable.Range(0, Clients).Select(c => Task.Run(() => BuyUntilStoppedAsync(http, c, outcomes, stopLoad.Token), token)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2), token);
        var terminatedAt = DateTime.UtcNow;
        facing.Terminate();
        var exitCode = await facing.WaitForExitAsync(TimeSpan.FromSeconds(40));
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        Assert.True(exitCode == 0, $"Facing exited with {exitCode}.\n{facing.Tail()}");
        var all = outcomes.ToList();
        var accepted = all.Where(o => o.Kind == OutcomeKind.Created).Select(o => o.PurchaseId).ToHashSet(StringComparer.Ordinal);
        var cutOff = all.Where(o => o.Kind == OutcomeKind.Broken).ToList();
        Assert.True(cutOff.Count == 0,
            $"{cutOff.Count} request(s) were cut off without an answer: {string.Join("; ", cutOff.Take(5).Select(o => o.Detail))}\n{facing.Tail()}");
        Assert.Empty(all.Where(o => o.Kind == OutcomeKind.OtherStatus).Select(o => o.Detail));
        Assert.Empty(all.Where(o => o.Kind == OutcomeKind.Unavailable).Select(o => o.Detail)); // the broker never failed
        Assert.NotEmpty(accepted);
        // Requests in flight at SIGTERM were answered, not dropped: some 201s came after it.
        Assert.Contains(all, o => o.Kind == OutcomeKind.Created && o.AnsweredAt > terminatedAt);
        Assert.Contains(all, o => o.Kind == OutcomeKind.NotSent); // the load ran until Facing had stopped listening

        var published = (await cluster.ReadAllAsync(FacingApp.Topic, accepted.Count, TimeSpan.FromSeconds(30)))
            .Select(m => PurchaseJson.Deserialize(Encoding.UTF8.GetBytes(m.Message.Value)).Id).ToList();
        Assert.Empty(accepted.Except(published));                 // every 201 has its event
        Assert.Empty(published.Except(accepted));                 // nothing else was published
        Assert.Equal(published.Count, published.Distinct().Count()); // once
    }

    private static async Task BuyUntilStoppedAsync(HttpClient http, int client, ConcurrentBag<Outcome> outcomes, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var key = $"drain-{client}-{n}";
            var id = PurchaseIds.FromIdempotencyKey($"user-{client}", key);
            try
            {
                // Not cancelled by `stop`: a request once sent is followed to its answer.
                using var response = await http.PostBuyAsync(new { username = "Ada", userid = $"user-{client}", price = 1.5m },
                    (PurchaseHttpHeaders.IdempotencyKey, key));
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                outcomes.Add(response.StatusCode switch
                {
                    HttpStatusCode.Created => new Outcome(id, OutcomeKind.Created, DateTime.UtcNow, ""),
                    HttpStatusCode.ServiceUnavailable => new Outcome(id, OutcomeKind.Unavailable, DateTime.UtcNow, body),
                    _ => new Outcome(id, OutcomeKind.OtherStatus, DateTime.UtcNow, $"{(int)response.StatusCode} {body}"),
                });
            }
            catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                outcomes.Add(new Outcome(id, OutcomeKind.NotSent, DateTime.UtcNow, ""));
                await Task.Delay(50, CancellationToken.None);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or JsonException)
            {
                outcomes.Add(new Outcome(id, OutcomeKind.Broken, DateTime.UtcNow, $"{key}: {ex.GetType().Name}: {ex.Message}"));
            }
        }
    }

    private enum OutcomeKind
    {
        Created,
        Unavailable,
        OtherStatus,
        NotSent,
        Broken,
    }

    private sealed record Outcome(string PurchaseId, OutcomeKind Kind, DateTime AnsweredAt, string Detail);
}
