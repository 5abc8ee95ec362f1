namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>The shell scripts pass shellcheck (style level, following what they source), and the deploy scripts answer --help.</summary>
public sealed class ShellScriptTests
{
    private static readonly string[] s_scripts = ["deploy.sh", "cleanup.sh", "load.sh", "secrets.sh", "images.sh", "e2e.sh"];

    /// <summary>
    /// Merges the deploy scripts' check with the benchmark's and chaos run's (with their shared bench/lib.sh) and the
    /// image pinning script's, which is one of the deploy scripts: one shellcheck at style level, following what each sources.
    /// </summary>
    [Fact]
    public async Task The_deploy_benchmark_and_chaos_scripts_pass_shellcheck()
    {
        var shellcheck = Requires.Tool("shellcheck", "apt-get install shellcheck");
        var scripts = Directory.GetFiles(K8s.DeployDirectory, "*.sh").Order().ToArray();
        Assert.Superset(s_scripts.Append("pin-images.sh").Select(s => Path.Combine(K8s.DeployDirectory, s)).ToHashSet(), scripts.ToHashSet());

        // From the repository's root, where the benchmark and chaos scripts source bench/lib.sh from; every bench/*.sh,
        // since shellcheck checks only the files it is given, not those they source.
        var bench = Directory.GetFiles(Path.Combine(RepoPaths.Root, "bench"), "*.sh").Select(f => Path.GetRelativePath(RepoPaths.Root, f));
        (await ProcessRunner.RunAsync(shellcheck, ["--external-sources", "--severity=style", .. scripts, .. bench, "tools/chaos/run.sh"])).Succeeded();
    }

    public static TheoryData<string> Scripts => [.. s_scripts];

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task A_script_explains_itself_and_refuses_unknown_arguments(string script)
    {
        var path = Path.Combine(K8s.DeployDirectory, script);

        var help = (await ProcessRunner.RunAsync("bash", [path, "--help"])).Succeeded();
        var wrong = await ProcessRunner.RunAsync("bash", [path, "--no-such-option"]);

        Assert.Contains(script, help.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("--no-such-option", wrong.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A bad number stops the script with one message (it once looped for ever, printing it).</summary>
    [Theory]
    [InlineData("load.sh", "--rate", "x")]
    [InlineData("load.sh", "--duration", "0")]
    [InlineData("e2e.sh", "--users", "-3")]
    [InlineData("e2e.sh", "--settle-timeout", "")]
    public async Task A_script_stops_at_a_number_that_is_not_positive(string script, string option, string value)
    {
        var run = await ProcessRunner.RunAsync("bash", [Path.Combine(K8s.DeployDirectory, script), option, value], timeout: TimeSpan.FromSeconds(20));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: {option} needs a positive whole number, not '{value}'", run.StandardError.Trim());
    }
}
