namespace BuyList.Tests.Component.Contract;

/// <summary>
/// The committed OpenAPI documents pass Redocly's recommended rules with no error (<c>@redocly/cli</c>, pinned in
/// <c>tools/redocly</c>, run offline: telemetry and the update check off, by environment and in its config).
/// </summary>
public sealed class OpenApiLintTests
{
    private static readonly Dictionary<string, string> s_offline = new()
    {
        ["REDOCLY_TELEMETRY"] = "off",
        ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
    };

    [Fact]
    public async Task The_documents_pass_Redoclys_recommended_rules()
    {
        var node = RequireRedocly();

        var result = await LintAsync(node, RepoPaths.Combine("docs", "openapi", "facing.json"), RepoPaths.Combine("docs", "openapi", "management.json"));

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("Your API descriptions are valid", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The check above is not vacuous: a document without servers and with an operation lacking responses is refused.</summary>
    [Fact]
    public async Task Redocly_reports_a_broken_document()
    {
        var node = RequireRedocly();
        using var directory = new ScratchDirectory("buylist-redocly-");
        var document = Path.Combine(directory.FullName, "broken.json");
        await File.WriteAllTextAsync(document, """
            {"openapi":"3.1.1","info":{"title":"Broken","version":"v1"},
             "paths":{"/buy":{"post":{"operationId":"Buy","responses":{}}}}}
            """, TestContext.Current.CancellationToken);

        var result = await LintAsync(node, document);

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains("no-empty-servers", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> LintAsync(string node, params string[] documents) =>
        ProcessRunner.RunAsync(node,
            [RepoPaths.Combine("tools", "redocly", "node_modules", "@redocly", "cli", "bin", "cli.js"), "lint",
             "--config", RepoPaths.Combine("tools", "redocly", "redocly.yaml"), "--format=stylish", .. documents],
            timeout: TimeSpan.FromMinutes(2), environment: s_offline);

    private static string RequireRedocly()
    {
        var node = Requires.Tool("node", "apt-get install nodejs");
        Requires.Installed(File.Exists(RepoPaths.Combine("tools", "redocly", "node_modules", "@redocly", "cli", "package.json")),
            "@redocly/cli is not installed (npm ci --prefix tools/redocly).");
        return node;
    }
}
