namespace BuyList.Web.FacingApi;

/// <summary>How long the page waits for Facing (section <c>Facing</c>).</summary>
public sealed class FacingOptions
{
    public const string SectionName = "Facing";

    /// <summary>How long the circuit breaker looks back over failures before it opens.</summary>
    public static readonly TimeSpan CircuitSampling = TimeSpan.FromSeconds(30);

    /// <summary>
    /// One attempt. It outlasts Facing's own bound on <c>POST /buy</c> (its Kafka message timeout), so the page shows
    /// Facing's verdict rather than "failed" for a purchase that is then recorded. At most half of
    /// <see cref="CircuitSampling"/>, as the resilience handler requires.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(12);

    /// <summary>Both attempts together: after this the page says the service is not answering and offers a retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:02:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(26);
}
