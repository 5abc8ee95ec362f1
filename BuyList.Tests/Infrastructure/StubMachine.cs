namespace BuyList.Tests.Infrastructure;

/// <summary>
/// A machine as a test describes it, for the AppHost's choices: its container runtime's problem and Node's (null:
/// fine). Registered in the AppHost builder's services, where the AppHost takes its <see cref="MachineProbe"/> from.
/// </summary>
public sealed class StubMachine(string? containerRuntimeProblem, string? nodeProblem = null) : MachineProbe
{
    public int ContainerRuntimeProbes { get; private set; }

    public override string? FindContainerRuntimeProblem()
    {
        ContainerRuntimeProbes++;
        return containerRuntimeProblem;
    }

    public override string? FindNodeProblem() => nodeProblem;
}
