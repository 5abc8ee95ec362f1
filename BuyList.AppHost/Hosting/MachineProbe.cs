using System.Diagnostics;

namespace BuyList.AppHost.Hosting;

/// <summary>
/// What this machine offers the AppHost: a container runtime that answers, and Node.js for the MongoDB emulator.
/// Registered in the builder's services (<see cref="InfrastructureExtensions"/> adds this one unless another is
/// there), so a test stubs the machine by registering its own. The tests' <c>Requires.Docker</c> asks the same probe.
/// </summary>
public class MachineProbe
{
    /// <summary>The oldest Node.js major version the emulator runs on (tools/mongo-emulator/package.json, engines).</summary>
    public const int NodeMajorVersion = 20;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Null when the container runtime Aspire uses answers <c>info</c> with a server version within 10 s; else why not
    /// (not installed, no engine, too slow). Aspire's own check runs only once the app starts, too late to choose.
    /// </summary>
    public virtual string? FindContainerRuntimeProblem()
    {
        // The runtime Aspire starts containers with: docker unless configured otherwise (e.g. podman).
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME")
            ?? Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME")
            ?? "docker";
        var (exitCode, stdout, error) = Run(runtime, "info", "--format", "{{.ServerVersion}}");
        return exitCode switch
        {
            null => error,
            0 when stdout.Length > 0 => null,
            _ => $"'{runtime} info' exited {exitCode}{(error is null ? "" : ": " + error)}",
        };
    }

    /// <summary>Null when <c>node</c> is on PATH and at least <see cref="NodeMajorVersion"/>; else what is wrong.</summary>
    public virtual string? FindNodeProblem()
    {
        var (exitCode, stdout, error) = Run("node", "--version");
        return exitCode switch
        {
            null => error,
            // "v20.11.1"
            0 when int.TryParse(stdout.TrimStart('v').Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major >= NodeMajorVersion => null,
            _ => $"'node --version' answered '{stdout}'{(error is null ? "" : ": " + error)}",
        };
    }

    /// <summary>The full path of <paramref name="name"/> on PATH (or itself when rooted and present), else null.</summary>
    public static string? FindOnPath(string name)
    {
        IEnumerable<string> candidates = Path.IsPathRooted(name) ? [name]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => Path.Combine(p, name));
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Runs a short command: its exit code (null when it could not run or did not end in time), its output, its last error line.</summary>
    private static (int? ExitCode, string StandardOutput, string? Error) Run(string command, params string[] arguments)
    {
        if (FindOnPath(command) is not { } path)
        {
            return (null, "", $"'{command}' is not installed");
        }

        using var process = Process.Start(new ProcessStartInfo(path, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            return (null, "", $"'{command} {string.Join(' ', arguments)}' did not answer within {s_timeout.TotalSeconds:0} s");
        }

        var error = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return (process.ExitCode, stdout.Result.Trim(), error);
    }
}
