namespace BuyList.Facing.Limits;

/// <summary>
/// Every limit Facing puts on a request, in one place (section <c>Limits</c>): header sizes, which Kestrel enforces (431), the body
/// size (<see cref="BuyList.Contracts.BuyRequest.MaxBodyBytes"/>, part of the contract), which Facing answers (413), and the rate of <c>POST /buy</c> per client, which ASP.NET Core's rate limiter enforces (429).
/// The rate limit is off by default (local runs and benchmarks are not throttled); the Kubernetes overlay turns it on.
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>
    /// What Kestrel reads of any request body before it gives up on the connection. Above <see cref="BuyList.Contracts.BuyRequest.MaxBodyBytes"/> on
    /// purpose: a body Facing refuses is drained after the 413, so the client reads the answer; a connection closed with
    /// its body unread is reset, and the client sees a network error instead of the 413.
    /// </summary>
    public const int MaxServerBodyBytes = 1024 * 1024;

    /// <summary>All request headers together (Kestrel's default is 32 KiB): enough for any browser's, not for padding.</summary>
    [Range(4 * 1024, 64 * 1024)]
    public int MaxRequestHeadersTotalBytes { get; set; } = 16 * 1024;

    /// <summary>How many request headers (Kestrel's default is 100).</summary>
    [Range(16, 200)]
    public int MaxRequestHeaderCount { get; set; } = 50;

    /// <summary>Limit <c>POST /buy</c> per client address.</summary>
    public bool RateLimitEnabled { get; set; }

    /// <summary>Purchases one client address may post per <see cref="RateLimitWindow"/>.</summary>
    [Range(1, 100_000)]
    public int RateLimitPermits { get; set; } = 30;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Checked by the generated validator, whose copy of the attribute parses TimeSpan bounds without a TypeConverter.")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The proxies whose <c>X-Forwarded-For</c> names the client (their addresses); from anyone else the header is
    /// ignored and the connection's address is the client, so a caller cannot pick its own rate-limit bucket.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];
}
