using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Unit.TestSetup;

/// <summary>Which browser the browser tests drive: Debian's, unless <c>BUYLIST_CHROMIUM</c> names another (CI on GitHub does).</summary>
public sealed class ChromiumTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_the_variable_the_tests_drive_debians_chromium(string? configured) =>
        Assert.Equal("/usr/bin/chromium", Chromium.ResolveExecutablePath(configured));

    [Fact]
    public void The_variable_names_the_browser_the_tests_drive() =>
        Assert.Equal("/home/runner/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome",
            Chromium.ResolveExecutablePath("/home/runner/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome"));
}
