using BuyList.Management.Messaging;

namespace BuyList.Tests.Management;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan s_initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_max = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(6, 3200)]
    [InlineData(7, 5000)]
    [InlineData(1000, 5000)]
    public void Delay_doubles_up_to_the_cap_with_jitter_in_the_upper_half(int attempt, int ceilingMs)
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var delay = RetryBackoff.Delay(attempt, s_initial, s_max, new Random(seed));

            Assert.InRange(delay.TotalMilliseconds, ceilingMs / 2.0, ceilingMs);
        }
    }

    [Fact]
    public void Jitter_spreads_retries()
    {
        var delays = Enumerable.Range(0, 20).Select(seed => RetryBackoff.Delay(5, s_initial, s_max, new Random(seed))).Distinct();

        Assert.True(delays.Count() > 10);
    }
}
