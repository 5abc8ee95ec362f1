using System.ComponentModel.DataAnnotations;

namespace BuyList.ServiceDefaults.Hosting;

/// <summary>How a service stops on SIGTERM (section <c>Shutdown</c>).</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// How long in-flight requests (and background work) get to finish once the service stops listening; the host's
    /// shutdown timeout. Kubernetes' grace period (30 s) must cover the pod's preStop pause (5 s) plus this.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Checked by the generated validator, whose copy of the attribute parses TimeSpan bounds without a TypeConverter.")]
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
