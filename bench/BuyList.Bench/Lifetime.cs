namespace BuyList.Bench;

/// <summary>
/// Every long-running role ends on SIGTERM/SIGINT (run.sh ends it by its id) and, should nobody do so, by itself
/// after <c>--MaxSeconds</c>, so no benchmark process outlives its run.
/// </summary>
internal static class Lifetime
{
    public const int DefaultMaxSeconds = 900;

    public static TimeSpan Max(IConfiguration options) =>
        TimeSpan.FromSeconds(options.GetValue("MaxSeconds", DefaultMaxSeconds));
}
