using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Sockets;

namespace BuyList.Tests.Infrastructure;

/// <summary>A project's real host on Kestrel at 127.0.0.1 and a free port, so a browser (or another service) can reach it.</summary>
internal static class LiveServer
{
    public static (WebApplicationFactory<TEntryPoint> Factory, Uri Address) Start<TEntryPoint>(IReadOnlyDictionary<string, string?> settings)
        where TEntryPoint : class
    {
        var factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (factory, new Uri(address));
    }

    /// <summary>An address where nothing listens: the port of a listener that has just been closed.</summary>
    public static Uri ClosedAddress()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}
