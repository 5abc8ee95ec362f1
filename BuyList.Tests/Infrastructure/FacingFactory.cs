extern alias facing;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Facing in-process from its own entry point, publishing to <paramref name="kafkaBootstrapServers"/>, with
/// <paramref name="settings"/> on top of its appsettings.json and <paramref name="services"/> replacing services:
/// what a test changes, it changes the way any host's settings and services are changed.
/// </summary>
public sealed class FacingFactory(
    string kafkaBootstrapServers,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<facing::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:kafka", kafkaBootstrapServers);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
