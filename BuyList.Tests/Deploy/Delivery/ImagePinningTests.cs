using BuyList.Tests.Deploy.Kubernetes;

namespace BuyList.Tests.Deploy.Delivery;

/// <summary>
/// <c>deploy/pin-images.sh</c>, the CD step that points the ghcr overlay at the images just pushed, by digest: it
/// names exactly the digest given, changes nothing when run again with it, replaces an earlier pin (the next
/// release), touches no other service or overlay, and refuses loudly what it cannot pin.
/// </summary>
public sealed class ImagePinningTests : IDisposable
{
    private const string Registry = "ghcr.io/acme/buylist";

    /// <summary>The sample overlay around the entries of our services: what pinning must leave as it is.</summary>
    private const string Head = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        # The minikube overlay (sample).
        resources:
          - ../../base
        images:
          # Our services: CD pins these.

        """;

    private const string Tail = """
          - name: mongo
            newTag: "8.0"
        namespace: buylist

        """;

    private const string SampleOverlay = Head + """
          - name: buylist/facing
            newTag: dev
          - name: "buylist/management" # quoted on purpose
            newName: registry.example/old/management
            newTag: dev
          - newTag: latest
            name: buylist/web

        """ + Tail;

    private static readonly string[] s_services = ["facing", "management", "web"];

    private readonly string _root;
    private readonly string _overlay;

    public ImagePinningTests()
    {
        _root = Directory.CreateTempSubdirectory("buylist-pin-").FullName;
        _overlay = Path.Combine(_root, "overlays", "minikube");
        Directory.CreateDirectory(_overlay);
        File.WriteAllText(Path.Combine(_overlay, "kustomization.yaml"), SampleOverlay);
    }

    private string KustomizationPath => Path.Combine(_overlay, "kustomization.yaml");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// Merges "names exactly the given digest for each service", "pinning again with the same digest changes nothing"
    /// (the same pin again leaves the file untouched, not even rewritten), "a new digest replaces the old one" and
    /// "pinning one service leaves the others alone": each time the whole file is what kustomize edit set image would
    /// write, so each service names its digest and registry, no tag is left, and every comment, quote and other entry
    /// (mongo's tag) stays as it was; the edit does not drift with each run.
    /// </summary>
    [Theory]
    [InlineData("facing,management,web", 'a')]
    [InlineData("facing,management,web", 'b')]
    [InlineData("web", 'b')]
    public async Task Pinning_names_exactly_the_given_digests_as_kustomize_edit_set_image_would_and_again_replaces_only_those_named_or_changes_nothing(
        string named, char again)
    {
        var services = named.Split(',');
        (await PinAsync(_overlay, AllServices(Digest('a')))).Succeeded();
        var writtenAt = File.GetLastWriteTimeUtc(KustomizationPath);

        var second = (await PinAsync(_overlay, [.. services.Select(s => $"{s}={Registry}/{s}@{Digest(again)}")])).Succeeded();

        Assert.Equal(Pinned(s => services.Contains(s) ? again : 'a'), await File.ReadAllTextAsync(KustomizationPath, TestContext.Current.CancellationToken));
        if (again == 'a')
        {
            Assert.Contains("unchanged", second.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(KustomizationPath));
        }
    }

    /// <summary>
    /// A reference that is not a lowercase name and a sha256 digest is refused; merged with "an image that is not in
    /// the overlay fails loudly" (listed after three valid ones: nothing is pinned half-way) and "an overlay without an
    /// images list fails loudly". The file is left as it was.
    /// </summary>
    [Theory]
    [InlineData("facing=ghcr.io/acme/buylist/facing:4f2a9c1", "pin-images:")]
    [InlineData("facing=ghcr.io/acme/buylist/facing", "pin-images:")]
    [InlineData("facing=ghcr.io/acme/buylist/facing:4f2a9c1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "pin-images:")]
    [InlineData("facing=ghcr.io/acme/buylist/facing@sha256:abc", "pin-images:")]
    [InlineData("facing=ghcr.io/acme/buylist/facing@sha256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "pin-images:")]
    [InlineData("facing=ghcr.io/acme/buylist/facing@sha512:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "pin-images:")]
    [InlineData("facing=ghcr.io/Acme/BuyList/facing@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "pin-images:")]
    [InlineData("ghcr.io/acme/buylist/facing@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "pin-images:")]
    [InlineData("facing=ghcr.io/acme/buylist/facing@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa web=ghcr.io/acme/buylist/web@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa management=ghcr.io/acme/buylist/management@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa payments=ghcr.io/acme/buylist/payments@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "buylist/payments is not in images:")]
    [InlineData("facing=ghcr.io/acme/buylist/facing@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "no images: list", "resources:\n  - ../../base\n")]
    public async Task A_reference_that_is_not_a_lowercase_name_and_sha256_digest_or_not_in_the_overlay_or_an_overlay_without_images_is_refused(string arguments, string error,
        string? overlay = null)
    {
        if (overlay is not null)
        {
            await File.WriteAllTextAsync(KustomizationPath, overlay, TestContext.Current.CancellationToken);
        }

        var before = await File.ReadAllBytesAsync(KustomizationPath, TestContext.Current.CancellationToken);

        var result = await PinAsync(_overlay, arguments.Split(' '));

        Assert.True(result.ExitCode != 0, result.Describe());
        Assert.Contains(error, result.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(KustomizationPath, TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// CD commits its pin of cd.yml's OVERLAY to main, so every later CI run (and deploy.sh) works on the pinned tree.
    /// Pinned in a copy of deploy/k8s: the overlay deploy.sh applies renders exactly as before and still names the
    /// images it builds (CI's policy tests stay green, so CD, which follows green CI, keeps running), and CD's own
    /// overlay validates and names exactly the digests (merges "kustomize renders the pinned digests into the
    /// workloads", which rendered a sample overlay: every app's image is its digest, no unpinned buylist/ image is left).
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

        (await PinAsync(Path.Combine(copy, cdOverlay), AllServices(Digest('d')))).Succeeded();

        var deployed = Path.Combine(copy, "deploy", deployOverlay);
        Assert.Equal(before, await K8s.RenderAsync(deployed));
        var objects = await K8s.ObjectsAsync(deployed);
        Assert.Empty(WorkloadPolicyTests.NotTheLocalBuilds(objects));
        Assert.Empty(ManifestValidationTests.UnfixedImages(objects));

        var pinned = await K8s.RenderAsync(Path.Combine(copy, cdOverlay));
        (await K8s.ValidateAsync(pinned)).Succeeded();
        var pinnedObjects = await K8s.ParseAsync(pinned);
        Assert.All(s_services, service => Assert.Equal($"{Registry}/{service}@{Digest('d')}", Assert.Single(pinnedObjects.Single("Deployment", service).Containers()).Text("image")));

        Assert.DoesNotContain("image: buylist/", pinned, StringComparison.Ordinal);
        Assert.Empty(ManifestValidationTests.UnfixedImages(pinnedObjects));
    }

    private static string Digest(char hex) => "sha256:" + new string(hex, 64);

    private static string[] AllServices(string digest) => [.. s_services.Select(s => $"{s}={Registry}/{s}@{digest}")];

    private static Task<ProcessResult> PinAsync(string overlay, params string[] arguments) =>
        ProcessRunner.RunAsync("bash", [RepoPaths.Combine("deploy", "pin-images.sh"), overlay, .. arguments]);

    /// <summary>The sample overlay as <c>kustomize edit set image</c> pins each of our services to <c>Digest(hex(service))</c>.</summary>
    private static string Pinned(Func<string, char> hex) => Head + $"""
          - name: buylist/facing
            newName: {Registry}/facing
            digest: {Digest(hex("facing"))}
          - name: "buylist/management" # quoted on purpose
            newName: {Registry}/management
            digest: {Digest(hex("management"))}
          - name: buylist/web
            newName: {Registry}/web
            digest: {Digest(hex("web"))}

        """ + Tail;
}
