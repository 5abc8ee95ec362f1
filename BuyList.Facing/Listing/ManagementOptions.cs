namespace BuyList.Facing.Listing;

/// <summary>How long a listing may wait for Management (section <c>Management</c>).</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Its TimeSpan ranges are checked by the generated validator, whose copy of the attribute parses the bounds without a TypeConverter.")]
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>One attempt; a slow one is abandoned and retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>All attempts together: after this the client gets a 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
