namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Waits for what a test cannot be told about (a consumer catching up, a server starting, a scrape): polls until the
/// condition holds, and fails once the time is up saying what was awaited and what was seen last. No sleeping and
/// hoping, and one way of waiting for every test.
/// </summary>
public static class Eventually
{
    /// <summary>Generous, for a small shared machine: a wait ends as soon as its condition holds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan s_defaultInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Polls <paramref name="probe"/> every <paramref name="interval"/> until <paramref name="condition"/> holds for what
    /// it returns, and returns that. An exception of the probe ends the wait (a process that exited, a wrong answer).
    /// </summary>
    /// <param name="probe">Reads what is awaited.</param>
    /// <param name="condition">Whether what was read is what is awaited.</param>
    /// <param name="what">What is awaited, completing "Timed out waiting until ...".</param>
    /// <param name="timeout"><see cref="DefaultTimeout"/> unless given.</param>
    /// <param name="interval">The pause between two probes (200 ms unless given).</param>
    /// <param name="describe">How the failure shows the last value (its <c>ToString</c> by default).</param>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null,
        TimeSpan? interval = null, Func<T, string>? describe = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                Assert.Fail($"Timed out after {limit} waiting until {what}; last value: {(describe is null ? value?.ToString() ?? "null" : describe(value))}");
            }

            await Task.Delay(interval ?? s_defaultInterval, TestContext.Current.CancellationToken);
        }
    }

    public static Task<T> ReturnsAsync<T>(Func<T> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null,
        TimeSpan? interval = null, Func<T, string>? describe = null) =>
        ReturnsAsync(() => Task.FromResult(probe()), condition, what, timeout, interval, describe);

    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        ReturnsAsync(condition, ok => ok, what, timeout, interval);

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        ReturnsAsync(condition, ok => ok, what, timeout, interval);
}
