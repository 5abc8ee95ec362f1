extern alias management;

using BuyList.Management.Messaging.Consuming;
using BuyList.Management.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuyList.Bench;

/// <summary>
/// Management as it runs (its Program, appsettings.json, ServiceDefaults, Production), against the benchmark's broker,
/// with <paramref name="store"/> in place of MongoDB. Without <paramref name="runConsumer"/> only the HTTP API runs.
/// </summary>
internal sealed class ManagementApp(string kafka, IPurchaseStore store, bool runConsumer, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<management::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Production);
        builder.UseSetting("ConnectionStrings:kafka", kafka);
        // Never contacted: the store below replaces MongoDB.
        builder.UseSetting("ConnectionStrings:mongodb", "mongodb://127.0.0.1:9/buylist");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IPurchaseStore>();
            services.AddSingleton(store);
            if (!runConsumer)
            {
                services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PurchaseConsumer)));
            }
        });
    }
}
