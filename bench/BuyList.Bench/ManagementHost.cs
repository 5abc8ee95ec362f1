using System.Net;
using BuyList.Contracts;
using BuyList.Tests.Infrastructure;

namespace BuyList.Bench;

/// <summary>
/// Management's read API on a loopback port over an in-memory store holding <c>--Users</c> users with
/// <c>--PerUser</c> purchases each (<c>bench-user-0</c>, ...), for the listing through Facing. Its consumer does not
/// run: the topic's backlog from the POST runs would otherwise compete for the CPU.
/// </summary>
internal static class ManagementHost
{
    public static async Task<int> RunAsync(IConfiguration options)
    {
        var store = new FakePurchaseStore();
        var users = options.GetValue("Users", 64);
        var perUser = options.GetValue("PerUser", 20);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var seed = new List<Purchase>(users * perUser);
        for (var user = 0; user < users; user++)
        {
            for (var n = 0; n < perUser; n++)
            {
                seed.Add(new Purchase(Guid.CreateVersion7().ToString(), "Ada Lovelace", $"bench-user-{user}", 19.99m + n, start.AddMinutes((user * perUser) + n)));
            }
        }

        await store.UpsertManyAsync(seed, CancellationToken.None);

        await using var app = new ManagementApp(
            options["Kafka"] ?? throw new InvalidOperationException("--Kafka <bootstrap servers> is required."), store, runConsumer: false);
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.GetValue("Port", 5314)));
        app.StartServer();
        Console.WriteLine("management ready");

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await Task.Delay(Lifetime.Max(options), lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            // Ended by a signal.
        }

        return 0;
    }
}
