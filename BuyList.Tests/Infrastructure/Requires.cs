namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Preconditions of tests that need something outside the repo. Where it is missing, the test is reported as
/// skipped with the reason, except under CI (<c>CI=true</c>), where <c>.ci/run</c> installs every tool and a
/// missing one is a failure, not a silent skip.
/// </summary>
public static partial class Requires
{
    public const string MongoDbVariable = "BUYLIST_TEST_MONGODB";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of <paramref name="name"/> on PATH (or the given absolute path).</summary>
    public static string Tool(string name, string installHint)
    {
        var path = FindOnPath(name);
        if (path is not null)
        {
            return path;
        }

        var reason = $"'{name}' is not installed ({installHint}).";
        if (InCi)
        {
            Assert.Fail(reason + " .ci/run should have installed it.");
        }

        Assert.Skip(reason);
        return null!;
    }

    /// <summary>A MongoDB connection string from <see cref="MongoDbVariable"/>; skipped (also in CI, which has no server) otherwise.</summary>
    public static string MongoDb()
    {
        var connectionString = Environment.GetEnvironmentVariable(MongoDbVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Skip($"No MongoDB server: set {MongoDbVariable} to a connection string (e.g. mongodb://localhost:27017) to run this test.");
        }

        return connectionString!;
    }

    public static string? FindOnPath(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        var paths = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return paths.Select(p => Path.Combine(p, name)).FirstOrDefault(File.Exists);
    }
}
