namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Preconditions of tests that need something outside the repo. Where it is missing, the test is reported as
/// skipped with the reason, except under CI (<c>CI=true</c>), where <c>.ci/run</c> installs every tool and a
/// missing one is a failure, not a silent skip.
/// </summary>
public static partial class Requires
{
    public const string MongoDBVariable = "BUYLIST_TEST_MONGODB";

    /// <summary>The full path of <paramref name="name"/> on PATH (or the given absolute path).</summary>
    public static string Tool(string name, string installHint)
    {
        var path = FindOnPath(name);
        Installed(path is not null, $"'{name}' is not installed ({installHint}).");
        return path!;
    }

    /// <summary>Skips the test with <paramref name="reason"/> unless <paramref name="installed"/>; under CI, fails it.</summary>
    public static void Installed(bool installed, string reason)
    {
        if (!installed && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + " .ci/run should have installed it.");
        }

        Assert.SkipUnless(installed, reason);
    }

    /// <summary>
    /// A MongoDB server's connection string: <see cref="MongoDBVariable"/> when set (a real MongoDB, as in GitHub CI),
    /// else the run's in-memory emulator (<see cref="MongoEmulator"/>). Without the emulator installed the test is
    /// skipped with the install command, and fails under CI, where <c>.ci/run</c> installs it.
    /// Tests take a database of their own from it: <see cref="MongoTestDatabase"/>.
    /// </summary>
    public static async Task<string> MongoDBAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(MongoDBVariable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        MongoEmulatorInstalled();
        return (await MongoEmulator.SharedAsync()).ConnectionString;
    }

    /// <summary>
    /// The MongoDB emulator installed and node to run it: what the tests' emulator and the AppHost's embedded MongoDB
    /// need. Skipped with the install command when missing, a failure under CI, where <c>.ci/run</c> installs it.
    /// </summary>
    public static void MongoEmulatorInstalled()
    {
        Installed(MongoEmulator.IsInstalled, $"The MongoDB emulator is not installed ({MongoEmulator.InstallCommand}).");
        Tool("node", "apt-get install nodejs");
    }

    public static string? FindOnPath(string name) => MachineProbe.FindOnPath(name);
}
