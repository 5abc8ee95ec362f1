extern alias web;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BuyList.Tests.Infrastructure;

/// <summary>The Web in-process from its own entry point, with <paramref name="settings"/> on top of its appsettings.json.</summary>
public sealed class WebFactory(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<web::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
