using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// <c>deploy.sh</c> run for real against stand-ins for docker, minikube, kubectl and dotnet (small scripts first on
/// PATH), up to the image build, where the dotnet stand-in fails: what a user sees when the SDK is wrong or the build
/// breaks. Nothing after the build (secrets, apply) is reached.
/// </summary>
public sealed class DeployScriptTests : IDisposable
{
    private const string CompilerError = "/src/BuyList.Facing/Program.cs(3,5): error CS1002: ; expected [/src/BuyList.Facing/BuyList.Facing.csproj]";

    private readonly DirectoryInfo _bin = Directory.CreateTempSubdirectory("buylist-stubs-");

    public DeployScriptTests()
    {
        Stub("docker", "exit 0");
        // Not running, then started; no docker-env, so the images would be loaded; no images yet.
        Stub("minikube", """case "$*" in *status* | *docker-env*) exit 1 ;; esac""");
        Stub("kubectl", """case "$*" in *nodes*) echo amd64 ;; esac""");
        Stub("dotnet", """
            case "$1" in
              --list-sdks) for sdk in $STUB_SDKS; do echo "$sdk [/stub/sdk]"; done ;;
              publish)
                echo "  Determining projects to restore..."
                echo "$STUB_BUILD_ERROR"
                echo "Build FAILED."
                echo "$STUB_BUILD_ERROR"
                exit 1
                ;;
            esac
            """);
    }

    public void Dispose() => _bin.Delete(recursive: true);

    [Fact]
    public async Task An_sdk_older_than_global_json_asks_for_stops_deploy_sh_at_the_prerequisites()
    {
        var required = GlobalJsonSdk();

        var run = await DeployAsync(sdks: "9.0.300 10.0.100");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"global.json asks for the .NET SDK {required}", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("10.0.100", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("==> minikube", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_sdk_global_json_rolls_forward_to_passes_the_check()
    {
        var required = GlobalJsonSdk().Split('.');
        var later = $"{required[0]}.{required[1]}.{int.Parse(required[2], CultureInfo.InvariantCulture) + 1}";

        var run = await DeployAsync(sdks: later);

        Assert.Contains("==> minikube", run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("global.json asks for", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_image_build_shows_the_compiler_error_once()
    {
        var run = await DeployAsync(sdks: GlobalJsonSdk());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("==> Images", run.StandardOutput, StringComparison.Ordinal);
        var shown = run.StandardError.Split('\n').Count(l => l.Contains("error CS1002: ; expected", StringComparison.Ordinal));
        Assert.True(shown == 1, run.Describe());
        Assert.Contains("building buylist/facing:local failed (whole output: ", run.StandardError, StringComparison.Ordinal);
    }

    /// <summary>
    /// Kafka's tools are JVMs too: run inside the broker pod with the broker's KAFKA_HEAP_OPTS, a second 256 MiB heap
    /// can take the pod past its memory limit and get the broker OOM-killed.
    /// </summary>
    [Fact]
    public async Task The_lag_command_runs_kafkas_tool_in_the_broker_pod_with_a_small_heap_of_its_own()
    {
        Stub("kubectl", """printf '%s\n' "$@" """);
        var brokerHeap = HeapMebibytes((await K8s.ObjectsAsync(K8s.OverlayDirectory)).Single(o => o.Kind() == "ConfigMap" && o.Name().StartsWith("kafka-env", StringComparison.Ordinal))
            .Text("data", "KAFKA_HEAP_OPTS")!);

        var run = await ProcessRunner.RunAsync("bash", [Path.Combine(K8s.DeployDirectory, "load.sh"), "--lag"],
            environment: new Dictionary<string, string> { ["PATH"] = _bin.FullName + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") });

        Assert.True(run.ExitCode == 0, run.Describe());
        var args = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var command = args[(Array.IndexOf(args, "--") + 1)..];
        Assert.Equal(["exec", "kafka-0", "-c", "kafka"], args[(Array.IndexOf(args, "exec"))..Array.IndexOf(args, "--")]);
        Assert.Equal("env", command[0]);
        var heap = Assert.Single(command, a => a.StartsWith("KAFKA_HEAP_OPTS=", StringComparison.Ordinal));
        Assert.InRange(HeapMebibytes(heap), 1, Math.Min(128, brokerHeap / 2));
        Assert.Contains("/opt/kafka/bin/kafka-consumer-groups.sh", command);
        Assert.True(Array.IndexOf(command, heap) < Array.IndexOf(command, "/opt/kafka/bin/kafka-consumer-groups.sh"));
    }

    [Fact]
    public async Task Every_kafka_tool_command_in_the_docs_and_scripts_gives_the_tool_its_own_heap()
    {
        var git = Requires.Tool("git", "apt-get install git");
        var tracked = await ProcessRunner.RunAsync(git, ["ls-files", "-z", "--", "deploy", "docs", "README.md", "DEVELOPERS.md"]);
        Assert.True(tracked.ExitCode == 0, tracked.Describe());

        var commands = 0;
        var failures = new List<string>();
        foreach (var file in tracked.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(RepoPaths.Combine(f))))
        {
            // One logical line per command: backslash continuations joined.
            var text = (await File.ReadAllTextAsync(RepoPaths.Combine(file), TestContext.Current.CancellationToken)).Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (var line in text.Split('\n').Where(l => l.Contains("/opt/kafka/bin/", StringComparison.Ordinal)))
            {
                commands++;
                if (!line.Contains("KAFKA_HEAP_OPTS=-Xmx", StringComparison.Ordinal) && !line.Contains("KAFKA_TOOL_ENV", StringComparison.Ordinal))
                {
                    failures.Add($"{file}: {line.Trim()}");
                }
            }
        }

        Assert.True(commands > 0, "no Kafka tool command found: the check would pass whatever the files say");
        Assert.True(failures.Count == 0, "Kafka tools run with the broker's heap:\n" + string.Join('\n', failures));
    }

    private static int HeapMebibytes(string options)
    {
        var max = Regex.Match(options, @"-Xmx(\d+)([mMgG])");
        Assert.True(max.Success, $"no -Xmx in '{options}'");
        var value = int.Parse(max.Groups[1].Value, CultureInfo.InvariantCulture);
        return max.Groups[2].Value is "g" or "G" ? value * 1024 : value;
    }

    private static string GlobalJsonSdk() => (string)JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("global.json")))!["sdk"]!["version"]!;

    private Task<ProcessResult> DeployAsync(string sdks) => ProcessRunner.RunAsync("bash", [Path.Combine(K8s.DeployDirectory, "deploy.sh"), "--no-open"],
        environment: new Dictionary<string, string>
        {
            ["PATH"] = _bin.FullName + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["STUB_SDKS"] = sdks,
            ["STUB_BUILD_ERROR"] = CompilerError,
            ["MINIKUBE_PROFILE"] = "buylist-stub",
            // The build log deploy.sh keeps for the user lands here, and goes with the stubs.
            ["TMPDIR"] = _bin.FullName,
        },
        timeout: TimeSpan.FromMinutes(1));

    private void Stub(string name, string body)
    {
        var path = Path.Combine(_bin.FullName, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body + "\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
