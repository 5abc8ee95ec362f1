using System.Globalization;
using System.Text.Json.Nodes;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Deploy;

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
