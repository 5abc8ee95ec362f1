using Microsoft.Playwright;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// A Chromium driven by Playwright (its driver ships in the NuGet package): Debian's package, or the binary
/// <see cref="ExecutableVariable"/> names (GitHub's Ubuntu images have no /usr/bin/chromium; CI points it at the
/// browser Playwright installs). The flags keep a root, GPU-less, offline machine quiet: no sandbox, no GPU, and none
/// of the background calls Chromium makes to Google.
/// </summary>
internal sealed class Chromium(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    /// <summary>The path of the Chromium binary to drive, when it is not Debian's.</summary>
    public const string ExecutableVariable = "BUYLIST_CHROMIUM";

    /// <summary>A folder that keeps the screenshots too (CI uploads it).</summary>
    public const string ScreenshotDirectoryVariable = "BUYLIST_SCREENSHOT_DIR";

    public const string DebianExecutablePath = "/usr/bin/chromium";

    public static string ExecutablePath => ResolveExecutablePath(Environment.GetEnvironmentVariable(ExecutableVariable));

    internal static string ResolveExecutablePath(string? configured) => string.IsNullOrWhiteSpace(configured) ? DebianExecutablePath : configured;

    public static Size Desktop { get; } = new(1280, 900);

    public static Size Phone { get; } = new(390, 844);

    public static async Task<Chromium> LaunchAsync()
    {
        Requires.Tool(ExecutablePath, $"apt-get install chromium, or set {ExecutableVariable} to a Chromium binary, such as the one 'pwsh BuyList.Tests/bin/Release/net10.0/playwright.ps1 install chromium' downloads");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        Assertions.SetDefaultExpectTimeout(30_000);
        return new Chromium(playwright, browser);
    }

    /// <summary>A fresh page in its own context, as a person in <paramref name="timeZone"/> with a screen of <paramref name="size"/>.</summary>
    public async Task<IPage> NewPageAsync(Size size, string timeZone = "Europe/Paris")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = size.Width, Height = size.Height },
            IsMobile = size.Width < 500,
            HasTouch = size.Width < 500,
            TimezoneId = timeZone,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh page (see <see cref="NewPageAsync"/>) with <paramref name="address"/> open and interactive.</summary>
    public async Task<IPage> OpenPageAsync(Uri address, Size size, string timeZone = "Europe/Paris")
    {
        var page = await NewPageAsync(size, timeZone);
        await OpenAsync(page, address);
        return page;
    }

    /// <summary>Opens the page and waits until it is interactive (the Buy button is enabled once the circuit is up).</summary>
    public static async Task OpenAsync(IPage page, Uri address)
    {
        await page.GotoAsync(address.ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Buy", Exact = true })).ToBeEnabledAsync();
    }

    /// <summary>Fills the Buy form as a person does and submits it.</summary>
    public static async Task SubmitPurchaseAsync(IPage page, string username, string userId, string price)
    {
        await page.GetByLabel("Username").FillAsync(username);
        await page.Locator("#buy-userid").FillAsync(userId);
        await page.GetByLabel("Price (USD)").FillAsync(price);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buy", Exact = true }).ClickAsync();
    }

    /// <summary>Saves a full-page screenshot in the test output's <c>screenshots</c> folder, and in <c>BUYLIST_SCREENSHOT_DIR</c> when set (CI keeps those).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        // Playwright creates the folder.
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Path = path });
        if (Environment.GetEnvironmentVariable(ScreenshotDirectoryVariable) is { } kept && !string.IsNullOrWhiteSpace(kept))
        {
            Directory.CreateDirectory(kept);
            await File.WriteAllBytesAsync(Path.Combine(kept, name + ".png"), png);
        }

        TestContext.Current.SendDiagnosticMessage($"Screenshot: {path}");
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }

    internal readonly record struct Size(int Width, int Height);
}
