using System.Text.RegularExpressions;
using BuyList.Tests.Deploy.Kubernetes;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Deploy.Delivery;

/// <summary>
/// <c>deploy/pin-images.sh</c>, the CD step that points the ghcr overlay at the images just pushed, by digest: it
/// names exactly the digest given, changes nothing when run again with it, replaces an earlier pin (the next
/// release), touches no other service or overlay, and refuses loudly what it cannot pin.
/// </summary>
public sealed class ImagePinningTests : IDisposable
{
    private const string Registry = "ghcr.io/acme/buylist";

    private const string SampleOverlay = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        # The minikube overlay (sample).
        resources:
          - ../../base
        images:
          # Our services: CD pins these.
          - name: buylist/facing
            newTag: dev
          - name: "buylist/management" # quoted on purpose
            newName: registry.example/old/management
            newTag: dev
          - newTag: latest
            name: buylist/web
          - name: mongo
            newTag: "8.0"
        namespace: buylist

        """;

    private const string SampleBaseKustomization = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - workloads.yaml

        """;

    private const string SampleBaseWorkloads = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: buylist
        spec:
          selector:
            matchLabels:
              app: buylist
          template:
            metadata:
              labels:
                app: buylist
            spec:
              containers:
                - name: facing
                  image: buylist/facing
                - name: management
                  image: buylist/management
                - name: web
                  image: buylist/web
                - name: mongo
                  image: mongo

        """;

    private static readonly string[] s_services = ["facing", "management", "web"];

    private readonly string _root;
    private readonly string _overlay;

    public ImagePinningTests()
    {
        _root = Directory.CreateTempSubdirectory("buylist-pin-").FullName;
        _overlay = Path.Combine(_root, "overlays", "minikube");
        Directory.CreateDirectory(_overlay);
        Directory.CreateDirectory(Path.Combine(_root, "base"));
        File.WriteAllText(Path.Combine(_overlay, "kustomization.yaml"), SampleOverlay);
        File.WriteAllText(Path.Combine(_root, "base", "kustomization.yaml"), SampleBaseKustomization);
        File.WriteAllText(Path.Combine(_root, "base", "workloads.yaml"), SampleBaseWorkloads);
    }

    private string KustomizationPath => Path.Combine(_overlay, "kustomization.yaml");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Pinning_names_exactly_the_given_digest_for_each_service()
    {
        var digest = Digest('a');

        var result = await PinAsync(_overlay, AllServices(digest));

        Assert.True(result.ExitCode == 0, result.Describe());
        var yaml = await ReadAsync(KustomizationPath);
        foreach (var service in s_services)
        {
            var entry = ImageEntry(yaml, $"buylist/{service}");
            Assert.Equal($"{Registry}/{service}", entry["newName"]);
            Assert.Equal(digest, entry["digest"]);
            Assert.False(entry.ContainsKey("newTag"), $"buylist/{service} still has a tag:\n{yaml}");
        }

        // Only our three entries name a digest, and everything else in the file is as it was.
        Assert.Equal(3, CountOccurrences(yaml, digest));
        Assert.Equal("8.0", ImageEntry(yaml, "mongo")["newTag"]);
        Assert.Contains("# The minikube overlay (sample).", yaml, StringComparison.Ordinal);
        Assert.Contains("# Our services: CD pins these.", yaml, StringComparison.Ordinal);
        Assert.EndsWith("namespace: buylist\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pinning_writes_what_kustomize_edit_set_image_would()
    {
        var result = await PinAsync(_overlay, AllServices(Digest('a')));

        Assert.True(result.ExitCode == 0, result.Describe());
        var expected = SampleOverlay
            .Replace("""
                  - name: buylist/facing
                    newTag: dev
                """, $"""
                  - name: buylist/facing
                    newName: {Registry}/facing
                    digest: {Digest('a')}
                """, StringComparison.Ordinal)
            .Replace("""
                  - name: "buylist/management" # quoted on purpose
                    newName: registry.example/old/management
                    newTag: dev
                """, $"""
                  - name: "buylist/management" # quoted on purpose
                    newName: {Registry}/management
                    digest: {Digest('a')}
                """, StringComparison.Ordinal)
            .Replace("""
                  - newTag: latest
                    name: buylist/web
                """, $"""
                  - name: buylist/web
                    newName: {Registry}/web
                    digest: {Digest('a')}
                """, StringComparison.Ordinal);
        Assert.Equal(expected, await ReadAsync(KustomizationPath));
    }

    [Fact]
    public async Task Pinning_again_with_the_same_digest_changes_nothing()
    {
        var first = await PinAsync(_overlay, AllServices(Digest('a')));
        Assert.True(first.ExitCode == 0, first.Describe());
        var afterFirst = await File.ReadAllBytesAsync(KustomizationPath, TestContext.Current.CancellationToken);
        var writtenAt = File.GetLastWriteTimeUtc(KustomizationPath);

        var second = await PinAsync(_overlay, AllServices(Digest('a')));

        Assert.True(second.ExitCode == 0, second.Describe());
        Assert.Contains("unchanged", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(afterFirst, await File.ReadAllBytesAsync(KustomizationPath, TestContext.Current.CancellationToken));
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(KustomizationPath));
    }

    [Fact]
    public async Task Pinning_a_new_digest_replaces_the_old_one()
    {
        var first = await PinAsync(_overlay, AllServices(Digest('a')));
        Assert.True(first.ExitCode == 0, first.Describe());
        var afterFirst = await ReadAsync(KustomizationPath);

        var second = await PinAsync(_overlay, AllServices(Digest('b')));

        Assert.True(second.ExitCode == 0, second.Describe());
        var afterSecond = await ReadAsync(KustomizationPath);
        Assert.NotEqual(afterFirst, afterSecond);
        Assert.Equal(0, CountOccurrences(afterSecond, Digest('a')));
        foreach (var service in s_services)
        {
            Assert.Equal(Digest('b'), ImageEntry(afterSecond, $"buylist/{service}")["digest"]);
        }

        // Only the digest lines differ: the edit does not drift with each run.
        Assert.Equal(afterFirst.Replace(Digest('a'), Digest('b'), StringComparison.Ordinal), afterSecond);
    }

    [Fact]
    public async Task Pinning_one_service_leaves_the_others_alone()
    {
        var all = await PinAsync(_overlay, AllServices(Digest('a')));
        Assert.True(all.ExitCode == 0, all.Describe());

        var one = await PinAsync(_overlay, $"web={Registry}/web@{Digest('c')}");

        Assert.True(one.ExitCode == 0, one.Describe());
        var yaml = await ReadAsync(KustomizationPath);
        Assert.Equal(Digest('a'), ImageEntry(yaml, "buylist/facing")["digest"]);
        Assert.Equal(Digest('a'), ImageEntry(yaml, "buylist/management")["digest"]);
        Assert.Equal(Digest('c'), ImageEntry(yaml, "buylist/web")["digest"]);
    }

    [Theory]
    [InlineData("facing=ghcr.io/acme/buylist/facing:4f2a9c1")]
    [InlineData("facing=ghcr.io/acme/buylist/facing")]
    [InlineData("facing=ghcr.io/acme/buylist/facing:4f2a9c1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("facing=ghcr.io/acme/buylist/facing@sha256:abc")]
    [InlineData("facing=ghcr.io/acme/buylist/facing@sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("facing=ghcr.io/acme/buylist/facing@sha512:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("facing=ghcr.io/Acme/BuyList/facing@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("ghcr.io/acme/buylist/facing@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_reference_that_is_not_a_lowercase_name_and_sha256_digest_is_refused(string argument)
    {
        var before = await File.ReadAllBytesAsync(KustomizationPath, TestContext.Current.CancellationToken);

        var result = await PinAsync(_overlay, argument);

        Assert.True(result.ExitCode != 0, result.Describe());
        Assert.Contains("pin-images:", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(KustomizationPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_image_that_is_not_in_the_overlay_fails_loudly_and_changes_nothing()
    {
        var before = await File.ReadAllBytesAsync(KustomizationPath, TestContext.Current.CancellationToken);

        var result = await PinAsync(_overlay, [.. AllServices(Digest('a')), $"payments={Registry}/payments@{Digest('a')}"]);

        Assert.True(result.ExitCode != 0, result.Describe());
        Assert.Contains("buylist/payments is not in images:", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(KustomizationPath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_overlay_without_an_images_list_fails_loudly()
    {
        await File.WriteAllTextAsync(KustomizationPath, "resources:\n  - ../../base\n", TestContext.Current.CancellationToken);

        var result = await PinAsync(_overlay, AllServices(Digest('a')));

        Assert.True(result.ExitCode != 0, result.Describe());
        Assert.Contains("no images: list", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kustomize_renders_the_pinned_digests_into_the_workloads()
    {
        var kubectl = Requires.Tool("kubectl", "apt-get install kubectl, or any kubectl with built-in kustomize");
        var result = await PinAsync(_overlay, AllServices(Digest('a')));
        Assert.True(result.ExitCode == 0, result.Describe());

        var rendered = await ProcessRunner.RunAsync(kubectl, ["kustomize", _overlay]);

        Assert.True(rendered.ExitCode == 0, rendered.Describe());
        foreach (var service in s_services)
        {
            Assert.Contains($"image: {Registry}/{service}@{Digest('a')}", rendered.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Contains("image: mongo:8.0", rendered.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("image: buylist/", rendered.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>
    /// CD commits its pin of cd.yml's OVERLAY to main, so every later CI run (and deploy.sh) works on the pinned tree.
    /// Pinned in a copy of deploy/k8s: the overlay deploy.sh applies renders exactly as before and still names the
    /// images it builds (CI's policy tests stay green, so CD, which follows green CI, keeps running), and CD's own
    /// overlay validates and names exactly the digests.
    /// </summary>
    [Fact]
    public async Task Cds_pin_leaves_the_overlay_deploy_sh_applies_on_the_local_builds_and_pins_its_own()
    {
        var cdOverlay = Regex.Match(WorkflowFiles.Read("cd.yml"), @"^\s+OVERLAY: (\S+)$", RegexOptions.Multiline).Groups[1].Value;
        var deployOverlay = Regex.Match(await File.ReadAllTextAsync(RepoPaths.Combine("deploy", "deploy.sh"), TestContext.Current.CancellationToken),
            @"^OVERLAY=""\$DEPLOY_DIR/(\S+)""$", RegexOptions.Multiline).Groups[1].Value;
        Assert.StartsWith("deploy/k8s/overlays/", cdOverlay, StringComparison.Ordinal);
        Assert.Equal("k8s/overlays/minikube", deployOverlay);
        var copy = Path.Combine(_root, "repo");
        Directories.Copy(RepoPaths.Combine("deploy", "k8s"), Path.Combine(copy, "deploy", "k8s"));
        var before = await K8s.RenderAsync(K8s.OverlayDirectory);

        var pin = await PinAsync(Path.Combine(copy, cdOverlay), AllServices(Digest('d')));

        Assert.True(pin.ExitCode == 0, pin.Describe());
        var deployed = Path.Combine(copy, "deploy", deployOverlay);
        Assert.Equal(before, await K8s.RenderAsync(deployed));
        var objects = await K8s.ObjectsAsync(deployed);
        Assert.Empty(WorkloadPolicyTests.NotTheLocalBuilds(objects));
        Assert.Empty(WorkloadPolicyTests.UnfixedImages(objects));

        var pinned = await K8s.RenderAsync(Path.Combine(copy, cdOverlay));
        var validation = await K8s.ValidateAsync(pinned);
        Assert.True(validation.ExitCode == 0, validation.Describe());
        var pinnedObjects = await K8s.ParseAsync(pinned);
        foreach (var service in s_services)
        {
            Assert.Equal($"{Registry}/{service}@{Digest('d')}", Assert.Single(pinnedObjects.Single("Deployment", service).Containers()).Text("image"));
        }

        Assert.Empty(WorkloadPolicyTests.UnfixedImages(pinnedObjects));
    }

    private static string Digest(char hex) => "sha256:" + new string(hex, 64);

    private static string[] AllServices(string digest) => [.. s_services.Select(s => $"{s}={Registry}/{s}@{digest}")];

    private static Task<ProcessResult> PinAsync(string overlay, params string[] arguments) =>
        ProcessRunner.RunAsync("bash", [RepoPaths.Combine("deploy", "pin-images.sh"), overlay, .. arguments]);

    private static Task<string> ReadAsync(string path) => File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The keys of the <c>images:</c> entry named <paramref name="name"/> (values unquoted, comments dropped).</summary>
    private static Dictionary<string, string> ImageEntry(string yaml, string name)
    {
        var entries = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        var inImages = false;
        foreach (var raw in yaml.Split('\n'))
        {
            if (raw.StartsWith("images:", StringComparison.Ordinal))
            {
                inImages = true;
                continue;
            }

            if (!inImages || raw.TrimStart().StartsWith('#') || raw.Trim().Length == 0)
            {
                continue;
            }

            if (!raw.StartsWith(' ') && !raw.StartsWith('-'))
            {
                break;
            }

            var line = raw.TrimStart();
            if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                entries.Add(current);
                line = line[2..].TrimStart();
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (current is null || colon < 0)
            {
                continue;
            }

            var value = line[(colon + 1)..];
            var comment = value.IndexOf(" #", StringComparison.Ordinal);
            value = (comment >= 0 ? value[..comment] : value).Trim().Trim('"', '\'');
            current[line[..colon]] = value;
        }

        var matches = entries.Where(e => e.TryGetValue("name", out var n) && n == name).ToList();
        Assert.True(matches.Count == 1, $"expected one images: entry named {name}, found {matches.Count}:\n{yaml}");
        return matches[0];
    }
}
