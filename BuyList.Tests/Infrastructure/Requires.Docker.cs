namespace BuyList.Tests.Infrastructure;

public static partial class Requires
{
    /// <summary>The trait of the tests that run the AppHost with its real containers (filter: <c>Category=Containers</c>).</summary>
    public const string ContainersCategory = "Containers";

    /// <summary>Set to <c>true</c> where a Docker engine must be there (GitHub's container job): a missing one fails the test.</summary>
    public const string RequireDockerVariable = "BUYLIST_REQUIRE_DOCKER";

    /// <summary>The GitHub job that runs the <see cref="ContainersCategory"/> tests (.github/workflows/containers.yml).</summary>
    public const string ContainersJob = "AppHost with real containers";

    // The AppHost's own probe, the one its Infrastructure:Mode=Auto asks.
    private static readonly Lazy<string?> s_dockerProblem = new(() => new MachineProbe().FindContainerRuntimeProblem());

    /// <summary>
    /// A healthy container engine (<c>docker info</c> answers within a few seconds), as Aspire.Hosting.Testing needs to
    /// start the AppHost's containers. Skipped without one, also under CI=true (.ci/run has no Docker), except where
    /// <see cref="RequireDockerVariable"/> is <c>true</c>.
    /// </summary>
    public static void Docker()
    {
        if (s_dockerProblem.Value is not { } problem)
        {
            return;
        }

        var reason = $"no healthy Docker engine ({problem}): these tests run in GitHub's '{ContainersJob}' job (.github/workflows/containers.yml).";
        if (string.Equals(Environment.GetEnvironmentVariable(RequireDockerVariable), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + $" {RequireDockerVariable}=true: a missing engine is a failure here.");
        }

        Assert.Skip(reason);
    }
}
