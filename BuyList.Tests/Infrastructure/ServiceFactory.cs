using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// A service in-process from its own entry point, with <paramref name="settings"/> on top of its appsettings.json and
/// <paramref name="services"/> replacing services: what a test changes, it changes the way any host's settings and
/// services are changed. The later of two settings with one key wins.
/// </summary>
public class ServiceFactory<TEntryPoint>(IEnumerable<KeyValuePair<string, string>> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services ?? (_ => { }));
    }
}
