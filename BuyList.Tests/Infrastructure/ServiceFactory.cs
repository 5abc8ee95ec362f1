using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

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

    protected override IHost CreateHost(IHostBuilder builder) => new StoppedAsOnSigterm(base.CreateHost(builder));

    /// <summary>
    /// The host stopped the way SIGTERM stops the process: the service's own <c>app.Run()</c>, which runs here too, stops
    /// the hosted services, and the factory waits for that. The factory's own stop would run them a second time
    /// alongside, and <c>app.Run()</c> disposes the services as soon as its stop ends, under the other one
    /// (dotnet/aspnetcore#40271): Facing's ProducerFlush once flushed a disposed producer so.
    /// </summary>
    private sealed class StoppedAsOnSigterm(IHost host) : IHost
    {
        // Taken while the host runs: a service that stopped itself has been disposed by app.Run() when the factory stops it.
        private readonly IHostApplicationLifetime _lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        public IServiceProvider Services => host.Services;

        public Task StartAsync(CancellationToken cancellationToken = default) => host.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken = default)
        {
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (_lifetime.ApplicationStopped.Register(stopped.SetResult))
            {
                _lifetime.StopApplication();
                await stopped.Task.WaitAsync(cancellationToken);
            }
        }

        // app.Run() disposes the host too, right after its stop; whichever of the two disposals comes second does nothing.
        public void Dispose() => host.Dispose();
    }
}
