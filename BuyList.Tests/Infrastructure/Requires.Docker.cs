using System.Diagnostics;

namespace BuyList.Tests.Infrastructure;

public static partial class Requires
{
    /// <summary>The trait of the tests that run the AppHost with its real containers (filter: <c>Category=Containers</c>).</summary>
    public const string ContainersCategory = "Containers";

    /// <summary>Set to <c>true</c> where a Docker engine must be there (GitHub's container job): a missing one fails the test.</summary>
    public const string RequireDockerVariable = "BUYLIST_REQUIRE_DOCKER";

    /// <summary>The GitHub job that runs the <see cref="ContainersCategory"/> tests (.github/workflows/containers.yml).</summary>
    public const string ContainersJob = "AppHost with real containers";

    private static readonly Lazy<string?> s_dockerProblem = new(FindDockerProblem);

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

    private static string? FindDockerProblem()
    {
        // The runtime Aspire starts containers with: docker unless configured otherwise (e.g. podman).
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME")
            ?? Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME")
            ?? "docker";
        var path = FindOnPath(runtime);
        if (path is null)
        {
            return $"'{runtime}' is not installed";
        }

        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("info");
        info.ArgumentList.Add("--format");
        info.ArgumentList.Add("{{.ServerVersion}}");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill(entireProcessTree: true);
            return $"'{runtime} info' did not answer within 10 s";
        }

        if (process.ExitCode == 0 && stdout.Result.Trim().Length > 0)
        {
            return null;
        }

        var error = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return $"'{runtime} info' exited {process.ExitCode}{(error is null ? "" : ": " + error)}";
    }
}
