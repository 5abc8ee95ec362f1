using System.ComponentModel.DataAnnotations;

namespace BuyList.ServiceDefaults;

/// <summary>
/// The internal port of the operational endpoints (health and metrics), <c>Operations:Port</c>. When set, they answer
/// only on connections to that port, which the service listens on beside its configured addresses
/// (<see cref="OperationsAddressStartupFilter"/>), every other port answers 404 for them, and that port answers 404 for
/// everything else. Unset (local runs, tests), they share the service's one port.
/// </summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Operations";

    /// <summary>The port Kubernetes' probes and Prometheus use in the cluster.</summary>
    public const int ContainerPort = 8081;

    [Range(1, 65535)]
    public int? Port { get; set; }
}
