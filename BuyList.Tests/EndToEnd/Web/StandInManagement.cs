using System.Globalization;
using System.Net;
using System.Text;
using BuyList.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuyList.Tests.EndToEnd.Web;

/// <summary>
/// Management's read side as Facing calls it (<c>GET /purchases/{userid}?limit&amp;before</c>, newest first, cursor in
/// <c>X-Next-Cursor</c>), over purchases the test stores itself. It lets the browser tests show a purchase going from
/// pending to stored on a machine without MongoDB; Management's own storage is tested in Management's tests.
/// </summary>
internal sealed class StandInManagement : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Purchase> _stored = [];
    private readonly WebApplication _app;

    private StandInManagement(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<StandInManagement> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var management = new StandInManagement(app);
        app.MapGet("/purchases/{userid}", (string userid, int? limit, string? before, HttpResponse response) =>
            management.Page(userid, limit ?? 100, before, response));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        management.Address = new Uri(address);
        return management;
    }

    /// <summary>What Management does once it has consumed a purchase.</summary>
    public void Store(params Purchase[] purchases)
    {
        lock (_lock)
        {
            _stored.AddRange(purchases);
        }
    }

    private IResult Page(string userId, int limit, string? before, HttpResponse response)
    {
        List<Purchase> page;
        string? next;
        lock (_lock)
        {
            var all = _stored.Where(p => p.UserId == userId)
                .OrderByDescending(p => p.Timestamp).ThenByDescending(p => p.Id, StringComparer.Ordinal).ToList();
            var start = 0;
            if (before is not null)
            {
                start = all.FindIndex(p => p.Id == before) + 1;
                if (start == 0)
                {
                    return Results.Problem(statusCode: 400, title: "Unknown cursor.");
                }
            }

            page = [.. all.Skip(start).Take(limit)];
            next = start + page.Count < all.Count ? page[^1].Id : null;
        }

        if (next is not null)
        {
            response.Headers["X-Next-Cursor"] = next;
        }

        var json = "[" + string.Join(",", page.Select(p => Encoding.UTF8.GetString(PurchaseJson.Serialize(p)))) + "]";
        return Results.Text(json, "application/json", Encoding.UTF8, 200);
    }

    public static Purchase Purchase(string userId, int minute, decimal price, string username = "alice") =>
        new($"{userId}-{minute.ToString("D3", CultureInfo.InvariantCulture)}", username, userId, price,
            new DateTimeOffset(2025, 7, 1, 10, 0, 0, TimeSpan.Zero).AddMinutes(minute));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
