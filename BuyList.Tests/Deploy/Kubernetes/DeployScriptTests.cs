namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// <c>deploy.sh</c> run for real against stand-ins for docker, minikube, kubectl and dotnet (small scripts first on
/// PATH), up to the image build, where the dotnet stand-in fails: what a user sees when the SDK is wrong or the build
/// breaks. Nothing after the build (secrets, apply) is reached.
/// </summary>
public sealed class DeployScriptTests : IDisposable
{
    private const string CompilerError = "/src/BuyList.Facing/Program.cs(3,5): error CS1002: ; expected [/src/BuyList.Facing/BuyList.Facing.csproj]";

    private readonly StubCommands _stubs = new();

    public DeployScriptTests()
    {
        _stubs.Add("docker", "exit 0");
        // Not running, then started; no docker-env, so the images would be loaded; no images yet.
        _stubs.Add("minikube", """case "$*" in *status* | *docker-env*) exit 1 ;; esac""");
        _stubs.Add("kubectl", """case "$*" in *nodes*) echo amd64 ;; esac""");
        _stubs.Add("dotnet", """
            case "$1" in
              --list-sdks) for sdk in $STUB_SDKS; do echo "$sdk [/stub/sdk]"; done ;;
              publish)
                echo "$*" >>"$STUB_STATE/publish"
                echo "  Determining projects to restore..."
                echo "$STUB_BUILD_ERROR"
                echo "Build FAILED."
                echo "$STUB_BUILD_ERROR"
                exit 1
                ;;
            esac
            """);
    }

    public void Dispose() => _stubs.Dispose();

    /// <summary>
    /// Merges "an SDK older than global.json asks for stops deploy.sh at the prerequisites, naming what is installed",
    /// "an SDK global.json rolls forward to (a later patch) passes the check" and "a failed image build shows the
    /// compiler error once" (past the check, the stand-in dotnet fails the build).
    /// </summary>
    [Theory]
    [InlineData("9.0.300 10.0.100", false)]
    [InlineData("next patch", true)]
    public async Task Deploy_sh_stops_at_an_sdk_global_json_does_not_roll_forward_to_and_else_shows_a_failed_builds_compiler_error_once(string sdks, bool passes)
    {
        var required = GlobalJsonSdk();
        var parts = required.Split('.');
        sdks = sdks.Replace("next patch", $"{parts[0]}.{parts[1]}.{int.Parse(parts[2], CultureInfo.InvariantCulture) + 1}", StringComparison.Ordinal);

        var run = await DeployAsync(sdks);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(passes, run.StandardOutput.Contains("==> minikube", StringComparison.Ordinal));
        Assert.Equal(passes, run.StandardOutput.Contains("==> Images", StringComparison.Ordinal));
        Assert.Equal(!passes, run.StandardError.Contains("global.json asks for", StringComparison.Ordinal));
        var shown = run.StandardError.Split('\n').Count(l => l.Contains("error CS1002: ; expected", StringComparison.Ordinal));
        Assert.True(passes
            ? shown == 1 && run.StandardError.Contains("building buylist/facing:local failed (whole output: ", StringComparison.Ordinal)
            : run.StandardError.Contains($"global.json asks for the .NET SDK {required}", StringComparison.Ordinal) && run.StandardError.Contains("10.0.100", StringComparison.Ordinal),
            run.Describe());
    }

    /// <summary>
    /// Native AOT compiles only for the machine it runs on: a machine of another OS or architecture than the node
    /// publishes Facing as the JIT build, and says so, instead of failing the build.
    /// </summary>
    [Theory]
    [InlineData("Linux", "x86_64", "amd64", "linux-x64", false)]
    [InlineData("Darwin", "arm64", "arm64", "linux-arm64", true)]
    [InlineData("Linux", "x86_64", "arm64", "linux-arm64", true)]
    public async Task Facing_is_published_as_the_jit_build_where_the_machine_cannot_compile_aot_for_the_node(
        string os, string machine, string nodeArchitecture, string rid, bool jit)
    {
        _stubs.Add("uname", $"""case "$1" in -s) echo {os} ;; -m) echo {machine} ;; esac""");
        _stubs.Add("kubectl", $"""case "$*" in *nodes*) echo {nodeArchitecture} ;; esac""");

        var run = await DeployAsync(sdks: GlobalJsonSdk());

        var publish = _stubs.State("publish");
        Assert.Contains($"BuyList.Facing.csproj -c Release -r {rid} ", publish, StringComparison.Ordinal);
        Assert.Equal(jit, publish.Contains("-p:PublishAot=false", StringComparison.Ordinal));
        Assert.Equal(jit, run.StandardError.Contains($"cannot compile Native AOT for {rid}", StringComparison.Ordinal));
    }

    /// <summary>
    /// Merges "the lag command runs Kafka's tool in the broker pod with a small heap of its own" with "every Kafka tool
    /// command in the docs and scripts gives the tool its own heap". Kafka's tools are JVMs too: run inside the broker
    /// pod with the broker's KAFKA_HEAP_OPTS, a second 256 MiB heap can take the pod past its memory limit and get the
    /// broker OOM-killed.
    /// </summary>
    [Fact]
    public async Task Every_kafka_tool_command_the_lag_command_runs_and_the_docs_show_gives_the_tool_a_small_heap_of_its_own()
    {
        _stubs.Add("kubectl", """printf '%s\n' "$@" """);
        var brokerHeap = HeapMebibytes((await K8s.ObjectsAsync(K8s.OverlayDirectory)).Single(o => o.Kind() == "ConfigMap" && o.Name().StartsWith("kafka-env", StringComparison.Ordinal))
            .Text("data", "KAFKA_HEAP_OPTS")!);

        var run = (await ProcessRunner.RunAsync("bash", [Path.Combine(K8s.DeployDirectory, "load.sh"), "--lag"], environment: _stubs.Environment())).Succeeded();

        var args = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var command = args[(Array.IndexOf(args, "--") + 1)..];
        Assert.Equal(["exec", "kafka-0", "-c", "kafka"], args[(Array.IndexOf(args, "exec"))..Array.IndexOf(args, "--")]);
        Assert.Equal("env", command[0]);
        var heap = Assert.Single(command, a => a.StartsWith("KAFKA_HEAP_OPTS=", StringComparison.Ordinal));
        Assert.InRange(HeapMebibytes(heap), 1, Math.Min(128, brokerHeap / 2));
        Assert.Contains("/opt/kafka/bin/kafka-consumer-groups.sh", command);
        Assert.True(Array.IndexOf(command, heap) < Array.IndexOf(command, "/opt/kafka/bin/kafka-consumer-groups.sh"));

        var commands = 0;
        var failures = new List<string>();
        foreach (var file in (await RepoPaths.TrackedFilesAsync("deploy", "docs", "README.md", "DEVELOPERS.md")).Where(f => File.Exists(RepoPaths.Combine(f))))
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

    /// <summary>
    /// Merges "the e2e listing wait outlasts a failed request" with "the e2e replica waits outlast a failed kubectl get".
    /// Right after KEDA scales management, or while it restarts, a listing can answer 503 (a replica asked for is not
    /// a replica ready), and a kubectl get can fail once (the API server busy): the e2e check retries each until its
    /// own deadline instead of stopping at the first failure.
    /// </summary>
    [Fact]
    public async Task The_e2e_waits_outlast_a_failed_listing_request_and_a_failed_kubectl_get()
    {
        _stubs.Add("curl", """
            calls=$(count curl)
            if [ "$calls" = 1 ]; then echo "curl: (22) The requested URL returned error: 503" >&2; exit 22; fi
            while [ $# -gt 0 ]; do if [ "$1" = -D ]; then : >"$2"; fi; shift; done
            echo '[{"id":"a"},{"id":"b"}]'
            """);
        // Replicas asked for, call by call: a failure, then 1, 3 (scaled out), 3, 1 (scaled in).
        _stubs.Add("kubectl", """
            case "$*" in
              *"get deployment management"*)
                calls=$(count replicas)
                case "$calls" in
                  1 | 4) echo "error: the server was unable to return a response in the time allotted" >&2; exit 1 ;;
                  2 | 6) echo 1 ;;
                  *) echo 3 ;;
                esac
                ;;
            esac
            """);

        var run = (await LibraryAsync("""
            wait_listed http://facing.test 1 0 2 60; echo "listed $LISTED"
            wait_scaled_out management 60; echo "most $MOST"; wait_scaled_in management 60; echo "back to 1"
            """)).Succeeded();

        Assert.Contains("listed 2", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("2", _stubs.State("curl").Trim());
        Assert.Contains("most 3", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("back to 1", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("6", _stubs.State("replicas").Trim());
    }

    /// <summary>
    /// <c>grep -q</c> stops reading at its match; under <c>pipefail</c> the writer's SIGPIPE then fails the whole
    /// pipeline, so a present image read as missing (and was rebuilt) and a running Calico as absent. The stand-ins
    /// write a long listing with the match first, and die of SIGPIPE as minikube and kubectl do.
    /// </summary>
    [Fact]
    public async Task A_match_early_in_a_long_listing_is_found_under_pipefail()
    {
        _stubs.Add("minikube", """
            case "$*" in
              *"image ls"*) exec awk 'BEGIN { print "docker.io/buylist/facing:local"; for (i = 0; i < 20000; i++) print "docker.io/library/other:" i }' ;;
            esac
            """);
        _stubs.Add("kubectl", """
            case "$*" in
              *"get pods -A"*) exec awk 'BEGIN { printf "calico-node-x7k2p"; for (i = 0; i < 20000; i++) printf " coredns-%d", i }' ;;
            esac
            """);

        var run = (await LibraryAsync("""
            if image_in_minikube facing; then echo "image present"; fi
            if policy_cni_running; then echo "calico found"; fi
            """)).Succeeded();

        Assert.Contains("image present", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("calico found", run.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>kubectl wait -l</c> fails at once with "no matching resources found" when no pod matches yet
    /// (kubernetes/kubernetes#65868), which is the case right after <c>kubectl create job</c>: load.sh waits for the pod
    /// to exist first.
    /// </summary>
    [Fact]
    public async Task Load_sh_waits_for_the_jobs_pod_to_exist_before_waiting_for_it_to_be_ready()
    {
        // The Job's pod exists from the fourth kubectl call on: after the create, not at once.
        _stubs.Add("kubectl", """
            calls=$(count kubectl)
            case "$*" in
              *" create "*) cat >/dev/null ;;
              *" get pods "*) if [ "$calls" -ge 4 ]; then echo pod/load-x; fi ;;
              *" wait "*) if [ "$calls" -lt 4 ]; then echo "error: no matching resources found" >&2; exit 1; fi ;;
              *" logs "*) echo "done: 10 requests, 10 purchases recorded (201)" ;;
            esac
            """);

        var run = (await ProcessRunner.RunAsync("bash", [Path.Combine(K8s.DeployDirectory, "load.sh"), "--rate", "10", "--duration", "1"],
            environment: _stubs.Environment(), timeout: TimeSpan.FromMinutes(1))).Succeeded();

        Assert.Contains("done: 10 requests, 10 purchases recorded (201)", run.StandardOutput, StringComparison.Ordinal);
    }

    private static int HeapMebibytes(string options)
    {
        var max = Regex.Match(options, @"-Xmx(\d+)([mMgG])");
        Assert.True(max.Success, $"no -Xmx in '{options}'");
        var value = int.Parse(max.Groups[1].Value, CultureInfo.InvariantCulture);
        return max.Groups[2].Value is "g" or "G" ? value * 1024 : value;
    }

    private static string GlobalJsonSdk() => (string)JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("global.json")))!["sdk"]!["version"]!;

    /// <summary>Runs SCRIPT after sourcing deploy/lib.sh, under the scripts' own <c>set -euo pipefail</c>, against the stubs.</summary>
    private Task<ProcessResult> LibraryAsync(string script) => ProcessRunner.RunAsync("bash",
        ["-c", "set -euo pipefail\n. \"$0\"\n" + script, Path.Combine(K8s.DeployDirectory, "lib.sh")],
        environment: _stubs.Environment(), timeout: TimeSpan.FromMinutes(1));

    private Task<ProcessResult> DeployAsync(string sdks)
    {
        var environment = _stubs.Environment();
        environment["STUB_SDKS"] = sdks;
        environment["STUB_BUILD_ERROR"] = CompilerError;
        return ProcessRunner.RunAsync("bash", [Path.Combine(K8s.DeployDirectory, "deploy.sh"), "--no-open"], environment: environment, timeout: TimeSpan.FromMinutes(1));
    }
}
