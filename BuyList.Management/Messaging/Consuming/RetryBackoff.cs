namespace BuyList.Management.Messaging.Consuming;

/// <summary>Exponential backoff with jitter, so replicas that failed together do not retry together.</summary>
public static class RetryBackoff
{
    /// <summary>
    /// The wait before retry <paramref name="attempt"/> (1-based): <c>initial * 2^(attempt-1)</c> capped at
    /// <paramref name="max"/>, of which the upper half is random.
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var ceiling = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
