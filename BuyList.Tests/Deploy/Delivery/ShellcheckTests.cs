using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Deploy.Delivery;

public sealed class ShellcheckTests
{
    [Fact]
    public async Task The_image_pinning_script_passes_shellcheck()
    {
        var shellcheck = Requires.Tool("shellcheck", "apt-get install shellcheck");

        var result = await ProcessRunner.RunAsync(shellcheck, ["--shell=bash", "--severity=style", RepoPaths.Combine("deploy", "pin-images.sh")]);

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Fact]
    public async Task The_benchmark_and_chaos_scripts_pass_shellcheck_with_their_shared_library()
    {
        var shellcheck = Requires.Tool("shellcheck", "apt-get install shellcheck");

        // From the repository's root, where the scripts source bench/lib.sh from.
        var result = await ProcessRunner.RunAsync(shellcheck,
            ["--external-sources", "--severity=style", "bench/run.sh", "tools/chaos/run.sh", "bench/lib.sh", "bench/coldstart.sh"], RepoPaths.Root);

        Assert.True(result.ExitCode == 0, result.Describe());
    }
}
