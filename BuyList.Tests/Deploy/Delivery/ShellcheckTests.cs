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
}
