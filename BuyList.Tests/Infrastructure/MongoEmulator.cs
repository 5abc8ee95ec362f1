using System.Diagnostics;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// The in-memory MongoDB wire-protocol emulator of <c>tools/mongo-emulator</c> (a patched CongoServer under node),
/// for machines without a MongoDB server: one process per test run, started on first use on a free 127.0.0.1
/// port and killed when the run ends (it also exits by itself when its standard input closes, should the run die).
/// It is not MongoDB: see the README for what it cannot show.
/// </summary>
internal sealed partial class MongoEmulator(BuiltApp process, string connectionString)
{
    public const string InstallCommand = "npm ci --prefix tools/mongo-emulator";

    private static readonly Lazy<Task<MongoEmulator>> s_shared = new(StartAsync);

    private static string Directory => RepoPaths.Combine("tools", "mongo-emulator");

    /// <summary>Whether <see cref="InstallCommand"/> has run (the patched package is in place).</summary>
    public static bool IsInstalled => File.Exists(Path.Combine(Directory, "node_modules", "@push.rocks", "smartmongo", "package.json"));

    public string ConnectionString => connectionString;

    private BuiltApp Process => process;

    /// <summary>The run's emulator, started by the first caller; a failure names what it printed.</summary>
    public static async Task<MongoEmulator> SharedAsync()
    {
        var emulator = await s_shared.Value;
        emulator.Process.ThrowIfExited();
        return emulator;
    }

    private static async Task<MongoEmulator> StartAsync()
    {
        var node = Requires.FindOnPath("node") ?? throw new InvalidOperationException("node is not on PATH; the MongoDB emulator runs under node.");
        // Its standard input stays open while the run lives: the emulator exits when it closes.
        var app = BuiltApp.Start("the MongoDB emulator", new ProcessStartInfo(node, ["server.mjs", "0"]) { WorkingDirectory = Directory, RedirectStandardInput = true });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => app.Kill();
        try
        {
            return new MongoEmulator(app, await app.WaitForOutputAsync(Ready(), TimeSpan.FromSeconds(30)));
        }
        catch
        {
            app.Kill();
            throw;
        }
    }

    [GeneratedRegex(@"^mongo-emulator ready (\S+)", RegexOptions.Multiline)]
    private static partial Regex Ready();
}
