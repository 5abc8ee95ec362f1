using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BuyList.ServiceDefaults;

/// <summary>
/// Listens on <see cref="OperationsOptions.Port"/> beside the addresses the host was given, whichever setting gave them:
/// the URLs win over the ports settings, and Aspirate sets <c>ASPNETCORE_URLS</c>. Added to the host's addresses, not
/// bound with Kestrel's <c>Listen</c>, which would drop every configured address.
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
