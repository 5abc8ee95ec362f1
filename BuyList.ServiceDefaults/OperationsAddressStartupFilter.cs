using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BuyList.ServiceDefaults;

/// <summary>
/// Listens on <see cref="OperationsOptions.Port"/> beside the addresses the host was given, whichever setting gave them
/// (<c>ASPNETCORE_URLS</c>, <c>HTTP_PORTS</c>, <c>ASPNETCORE_HTTP_PORTS</c>). The URLs take precedence over the ports,
/// so <c>HTTP_PORTS=8080;8081</c> alone loses 8081 to a deployment tool that sets URLs (Aspirate writes
/// <c>ASPNETCORE_URLS=http://+:8080;</c> for every project). The port is added to the host's addresses rather than
/// bound with Kestrel's <c>Listen</c>, which would make Kestrel drop every configured address ("Overriding address(es)").
/// The host has filled the addresses by the time startup filters run, and Kestrel binds them after.
/// </summary>
internal sealed class OperationsAddressStartupFilter(IOptions<OperationsOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // No address at all: the server's own defaults, or endpoints the code bound, stay as they are.
        if (options.Value.Port is { } port
            && app.ServerFeatures.Get<IServerAddressesFeature>()?.Addresses is { IsReadOnly: false, Count: > 0 } addresses
            && !addresses.Any(address => BindingAddress.Parse(address).Port == port))
        {
            addresses.Add($"http://*:{port}");
        }

        next(app);
    };
}
