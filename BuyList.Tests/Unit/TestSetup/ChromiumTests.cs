namespace BuyList.Tests.Unit.TestSetup;

/// <summary>Which browser the browser tests drive: Debian's, unless <c>BUYLIST_CHROMIUM</c> names another (CI on GitHub does).</summary>
public sealed class ChromiumTests
{
    /// <summary>Merged with the test that the variable names the browser the tests drive.</summary>
    [Theory]
    [InlineData(null, "/usr/bin/chromium")]
    [InlineData("", "/usr/bin/chromium")]
    [InlineData("  ", "/usr/bin/chromium")]
    [InlineData("/home/runner/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome", "/home/runner/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome")]
    public void Without_the_variable_the_tests_drive_debians_chromium_else_the_browser_it_names(string? configured, string driven) =>
        Assert.Equal(driven, Chromium.ResolveExecutablePath(configured));
}
