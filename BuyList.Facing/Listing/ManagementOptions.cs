namespace BuyList.Facing.Listing;

/// <summary>How long a listing may wait for Management (section <c>Management</c>).</summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>One attempt; a slow one is abandoned and retried.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Checked by the generated validator, whose copy of the attribute parses TimeSpan bounds without a TypeConverter.")]
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>All attempts together: after this the client gets a 503.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Checked by the generated validator, whose copy of the attribute parses TimeSpan bounds without a TypeConverter.")]
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
