namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Tests whose host is meant to fail at start. WebApplicationFactory finds an app's host through process-wide
/// hosting diagnostics, so these run while no other test builds a host (seen once: a start failure not reported
/// as the options error while the rest of the suite ran in parallel).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostStartupCollection
{
    public const string Name = "Host start-up failures";
}
