using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using BuyList.ServiceDefaults;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// A project's built program in a process of its own (<c>dotnet Project.dll</c> from its bin folder, in the
/// configuration the tests were built in), as a person or a container runs it: its own meters, its own
/// <c>/metrics</c>; or any other program a test runs beside it (Prometheus, the MongoDB emulator). Its output is kept
/// for diagnostics. Disposing stops it with SIGTERM (a graceful shutdown, so an AppHost stops what it started) and
/// kills the process tree if it has not exited within 30 s.
/// </summary>
internal sealed partial class BuiltApp(string project, Process process) : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly ConcurrentQueue<string> _lines = new();

    public string Project => project;

    public string Output => string.Join('\n', _lines);

    /// <summary>
    /// Facing's build on <paramref name="address"/> against <paramref name="kafka"/> and Management at
    /// <paramref name="management"/>, once it answers <c>/alive</c>; <paramref name="environment"/> adds to its settings.
    /// </summary>
    public static async Task<BuiltApp> StartFacingAsync(string kafka, Uri management, Uri address,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["ASPNETCORE_URLS"] = address.ToString() };
        var facing = Start("BuyList.Facing", [$"--ConnectionStrings:kafka={kafka}", $"--services:management:http:0={management}"], settings);
        try
        {
            await facing.WaitUntilAnswersAsync(new Uri(address, ServiceDefaultsExtensions.AlivePath), TimeSpan.FromSeconds(90), cancellationToken);
            return facing;
        }
        catch
        {
            await facing.DisposeAsync();
            throw;
        }
    }

    public static BuiltApp Start(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        // The project's build output in the tests' configuration and target framework (bin/<configuration>/<framework>).
        var testOutput = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var directory = RepoPaths.Combine(project, "bin", testOutput.Parent!.Name, testOutput.Name);
        var dll = Path.Combine(directory, project + ".dll");
        Assert.True(File.Exists(dll), $"{dll} does not exist: build the solution (dotnet build BuyList.sln) in the tests' configuration first.");

        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll, .. arguments]) { WorkingDirectory = directory };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Start(project, info);
    }

    /// <summary>Any program, <paramref name="name"/> in failure messages, its output kept.</summary>
    public static BuiltApp Start(string name, ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = new Process { StartInfo = info };
        var app = new BuiltApp(name, process);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Waits until the output has a line matching <paramref name="pattern"/>; returns its first group.</summary>
    public async Task<string> WaitForOutputAsync(Regex pattern, TimeSpan timeout)
    {
        var match = await Eventually.ReturnsAsync(() =>
        {
            ThrowIfExited();
            return pattern.Match(Output);
        }, m => m.Success, $"{Project} prints /{pattern}/", timeout, describe: _ => Tail());
        return match.Groups[1].Value;
    }

    /// <summary>Waits until <paramref name="url"/> answers with a success status.</summary>
    public async Task WaitUntilAnswersAsync(Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.ReturnsAsync(async () =>
        {
            ThrowIfExited();
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                return $"{(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return $"no answer ({ex.GetType().Name})"; // not listening yet
            }
        }, answer => answer.StartsWith('2'), $"{url} answers", timeout, TimeSpan.FromMilliseconds(250), answer => $"{answer}\n{Tail()}");
    }

    /// <summary>Sends SIGTERM, as Kubernetes does to stop a pod.</summary>
    public void Terminate()
    {
        Assert.False(OperatingSystem.IsWindows(), "SIGTERM is a Unix signal.");
        Assert.True(SysKill(process.Id, SigTerm) == 0, $"kill({process.Id}, SIGTERM) failed: {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for the process to exit on its own; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return process.HasExited ? process.ExitCode : throw new TimeoutException($"{Project} did not exit within {timeout}.\n{Tail()}");
    }

    /// <summary>The last lines of the output, for failure messages.</summary>
    public string Tail(int lines = 60) => $"--- last output of {Project} ---\n" + string.Join('\n', _lines.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        using (process)
        {
            if (process.HasExited)
            {
                return;
            }

            if (OperatingSystem.IsWindows() || SysKill(process.Id, SigTerm) != 0)
            {
                Kill();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>Kills the process tree at once, where no graceful stop is needed.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    public void ThrowIfExited()
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{Project} exited with {process.ExitCode}.\n{Tail()}");
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}
