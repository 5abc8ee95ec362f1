namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Stand-ins for the commands a script under test calls (docker, minikube, kubectl, dotnet, curl): small bash scripts
/// in a temporary directory first on PATH. Each has <c>count NAME</c>, which adds one to the count NAME (a file in
/// STUB_STATE) and prints it, and a sleep that returns at once.
/// </summary>
public sealed class StubCommands : IDisposable
{
    private readonly DirectoryInfo _bin = Directory.CreateTempSubdirectory("buylist-stubs-");
    private readonly DirectoryInfo _state;

    public StubCommands()
    {
        _state = _bin.CreateSubdirectory("state");
        Add("sleep", "");
        Add("count", """n=$(( $(cat "$STUB_STATE/$1" 2>/dev/null || echo 0) + 1 )); echo "$n" >"$STUB_STATE/$1"; echo "$n" """);
    }

    /// <summary>A command that runs <paramref name="body"/> and then exits 0.</summary>
    public void Add(string name, string body)
    {
        var path = Path.Combine(_bin.FullName, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The file a stub wrote under STUB_STATE (a count, a log of calls).</summary>
    public string State(string name) => File.ReadAllText(Path.Combine(_state.FullName, name));

    /// <summary>The environment of a run against the stubs.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["PATH"] = _bin.FullName + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH"),
        ["STUB_STATE"] = _state.FullName,
        // Never the developer's own minikube profile.
        ["MINIKUBE_PROFILE"] = "buylist-stub",
        // What a script keeps for the user (deploy.sh's build log) lands here, and goes with the stubs.
        ["TMPDIR"] = _bin.FullName,
    };

    public void Dispose() => _bin.Delete(recursive: true);
}
