using System.Collections.Concurrent;
using System.Diagnostics;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// The in-memory MongoDB wire-protocol emulator of <c>tools/mongo-emulator</c> (a patched CongoServer under node),
/// for machines without a MongoDB server: one process per test run, started on first use on a free 127.0.0.1
/// port and killed when the run ends (it also exits by itself when its standard input closes, should the run die).
/// It is not MongoDB: see the README for what it cannot show.
/// </summary>
public sealed class MongoEmulator
{
    public const string InstallCommand = "npm ci --prefix tools/mongo-emulator";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lazy<Task<MongoEmulator>> s_shared = new(StartAsync);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private MongoEmulator(Process process, ConcurrentQueue<string> output, string connectionString)
    {
        _process = process;
        _output = output;
        ConnectionString = connectionString;
    }

    public static string Directory => RepoPaths.Combine("tools", "mongo-emulator");

    /// <summary>Whether <see cref="InstallCommand"/> has run (the patched package is in place).</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(Directory, "node_modules", "@push.rocks", "smartmongo", "package.json"));

    public string ConnectionString { get; }

    /// <summary>What the emulator printed so far, for a failure message.</summary>
    public string Output => Read(_output);

    /// <summary>The run's emulator, started by the first caller; a failure names what it printed.</summary>
    public static async Task<MongoEmulator> SharedAsync()
    {
        var emulator = await s_shared.Value;
        if (emulator._process.HasExited)
        {
            throw new InvalidOperationException($"The MongoDB emulator exited during the run (exit {emulator._process.ExitCode}). Its output:\n{emulator.Output}");
        }

        return emulator;
    }

    private static async Task<MongoEmulator> StartAsync()
    {
        var node = Requires.FindOnPath("node") ?? throw new InvalidOperationException("node is not on PATH; the MongoDB emulator runs under node.");
        var info = new ProcessStartInfo(node)
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("server.mjs");
        info.ArgumentList.Add("0");

        var output = new ConcurrentQueue<string>();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Capture(output, e.Data, ready);
        process.ErrorDataReceived += (_, e) => Capture(output, e.Data, ready: null);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The MongoDB emulator exited during start."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);

        try
        {
            var connectionString = await ready.Task.WaitAsync(s_startTimeout);
            return new MongoEmulator(process, output, connectionString);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            Stop(process);
            throw new InvalidOperationException($"The MongoDB emulator did not start ({ex.Message}). Its output:\n{Read(output)}", ex);
        }
    }

    private static void Capture(ConcurrentQueue<string> output, string? line, TaskCompletionSource<string>? ready)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        const string ReadyPrefix = "mongo-emulator ready ";
        if (ready is not null && line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
        {
            ready.TrySetResult(line[ReadyPrefix.Length..].Trim());
        }
    }

    private static string Read(ConcurrentQueue<string> output) => string.Join(Environment.NewLine, output);

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }
}
