using BuyList.Management.Messaging;

namespace BuyList.Tests.Unit.Management;

/// <summary>The one backoff, used by the consumer's write retries and the start-up steps.</summary>
public sealed class RetryDelayTests
{
    private const int Samples = 1000;
    private static readonly PurchaseConsumerOptions s_options = new()
    {
        RetryInitialDelay = TimeSpan.FromMilliseconds(100),
        RetryMaxDelay = TimeSpan.FromSeconds(5),
    };

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(6, 3200)]
    [InlineData(7, 5000)]
    [InlineData(1000, 5000)]
    public void Delay_doubles_up_to_the_cap_with_jitter_in_the_upper_half(int attempt, int ceilingMs)
    {
        var delays = Enumerable.Range(0, Samples).Select(_ => s_options.RetryDelay(attempt).TotalMilliseconds).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, ceilingMs / 2.0, ceilingMs));
    }

    [Fact]
    public void Jitter_spreads_retries_over_the_whole_upper_half()
    {
        const double CeilingMs = 1600;
        var delays = Enumerable.Range(0, Samples).Select(_ => s_options.RetryDelay(5).TotalMilliseconds).ToList();

        // Uniform over [800, 1600): each eighth of the range gets about 125 of the samples; fewer than 50 in one
        // would happen by chance far less than once in a billion runs.
        var eighths = delays.GroupBy(d => (int)((d - (CeilingMs / 2)) / (CeilingMs / 16))).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enumerable.Range(0, 8), eighth => Assert.True(eighths.GetValueOrDefault(eighth) >= 50, $"eighth {eighth}: {eighths.GetValueOrDefault(eighth)}"));
    }
}
