using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BuyList.Tests.Infrastructure;

/// <summary>Addresses on 127.0.0.1 for servers the tests start, so that tests running side by side never share a port.</summary>
public static class Loopback
{
    /// <summary>A MongoDB connection string where nothing listens (the discard port), for a service that must not reach one.</summary>
    public const string UnreachableMongoDB = "mongodb://127.0.0.1:9/buylist";

    /// <summary>
    /// Starts the factory's host on Kestrel at 127.0.0.1 and a free port of its own (a bare <c>UseKestrel()</c> binds
    /// the default 5000, which tests running alongside share), so a browser or another service can reach it; its address.
    /// </summary>
    public static Uri StartOnKestrel<T>(this WebApplicationFactory<T> factory) where T : class
    {
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        return new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>A port nothing listens on now: one the system has just handed out and that is free again.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An address where nothing listens now: for a server to start on, or to point a client at nothing.</summary>
    public static Uri FreeAddress() => new($"http://127.0.0.1:{FreePort()}");
}
