using Microsoft.Extensions.Hosting;

namespace BuyList.Tests.Component.Facing;

/// <summary>
/// A test's Facing (<see cref="FacingApp"/>) shuts down as the process does on SIGTERM: its hosted services stop once,
/// and disposing returns once all have stopped. A second stop beside the first let the first dispose the producer
/// that the second's ProducerFlush then flushed.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Disposing_Facing_stops_each_hosted_service_once_and_returns_after_they_stopped()
    {
        var slow = new SlowToStop();
        var app = FacingApp.Start(services: services => services.AddSingleton<IHostedService>(slow));
        _ = app.Services; // started

        // Two stops of one host (dotnet/aspnetcore#40271) would let the other stop dispose the producer while this one
        // waits here, and then flush it: an ObjectDisposedException from ProducerFlush.
        await app.DisposeAsync();

        Assert.Equal(1, slow.Stops);
        Assert.True(slow.Stopped);
    }

    /// <summary>A hosted service whose first stop takes a second, as one finishing its work does; it stops before ProducerFlush.</summary>
    private sealed class SlowToStop : IHostedService
    {
        private int _stops;

        public int Stops => _stops;

        public bool Stopped { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _stops) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                Stopped = true;
            }
        }
    }
}
