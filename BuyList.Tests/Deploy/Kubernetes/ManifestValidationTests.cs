namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// Everything <c>deploy.sh</c> applies renders with <c>kubectl kustomize</c> and every object validates against the
/// Kubernetes and KEDA schemas, offline; and the validator itself rejects what an API server would.
/// </summary>
public sealed partial class ManifestValidationTests
{
    private const string LoadJob = "the load Job";

    public static TheoryData<string> Kustomizations => ["base", .. K8s.Overlays.Select(o => $"overlays/{o}"), LoadJob];

    /// <summary>Merges the base's, the minikube overlay's, every overlay's and the load Job's test (what
    /// <c>load.sh --dry-run</c> renders): each renders, every object validates and sits in the namespace; the overlays
    /// have their autoscalers. Merged with "every image names a fixed tag or a digest in every overlay and the load
    /// Job": the base's app images are placeholders its overlays replace.</summary>
    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Every_kustomization_and_the_load_job_render_every_object_validates_and_every_image_outside_the_base_is_fixed(string kustomization)
    {
        var yaml = kustomization == LoadJob
            ? await K8s.RenderLoadJobAsync("--rate", "120", "--duration", "60")
            : await K8s.RenderAsync(RepoPaths.Combine("deploy", "k8s", kustomization));

        (await K8s.ValidateAsync(yaml)).Succeeded();
        var objects = await K8s.ParseAsync(yaml);
        Assert.All(objects.Where(o => o.Kind() != "Namespace"), o => Assert.Equal("buylist", o.Text("metadata", "namespace")));
        if (kustomization != "base")
        {
            Assert.Empty(UnfixedImages(objects));
        }

        if (kustomization == LoadJob)
        {
            Assert.Equal("Job", Assert.Single(objects).Kind());
            return;
        }

        Assert.Contains(objects, o => o.Kind() == "Deployment");
        if (kustomization.StartsWith("overlays/", StringComparison.Ordinal))
        {
            Assert.Superset(new HashSet<string>(["ScaledObject", "HorizontalPodAutoscaler"]), objects.Select(o => o.Kind()).ToHashSet());
        }
    }

    /// <summary>
    /// Images that may change under the same manifest: no tag, <c>latest</c>, or a malformed digest (a digest is the
    /// most fixed of all). A colon after the last slash starts the tag (one before it is a registry port).
    /// </summary>
    internal static IEnumerable<string> UnfixedImages(IEnumerable<JsonObject> objects) =>
        from workload in objects.Workloads()
        from container in workload.AllContainers()
        let image = container.Text("image")!
        where !FixedImage().IsMatch(image)
        select $"{workload.Id()}: image '{image}' has no fixed tag or well-formed digest";

    [GeneratedRegex(@"^[^@]+@sha256:[0-9a-f]{64}$|^[^@]*:(?!latest$)[^:/@]+$")]
    private static partial Regex FixedImage();

    [Theory]
    [InlineData("readinessProbe:", "readinessProbes:", "unknown field 'spec.template.spec.containers[0].readinessProbes'")]
    [InlineData("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: \"no\"", "allowPrivilegeEscalation must be boolean")]
    [InlineData("lagThreshold: \"100\"", "lagThreshold: 100", "lagThreshold must be string")]
    [InlineData("stabilizationWindowSeconds: 300", "stabilizationWindowSecond: 300", "unknown field 'spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSecond'")]
    [InlineData("kind: PodDisruptionBudget", "kind: PodDisruptionBudgett", "unknown kind 'PodDisruptionBudgett'")]
    public async Task The_validator_rejects_a_broken_manifest(string from, string to, string expected)
    {
        var yaml = await K8s.RenderAsync(K8s.OverlayDirectory);
        Assert.Contains(from, yaml, StringComparison.Ordinal);

        var result = await K8s.ValidateAsync(yaml.Replace(from, to, StringComparison.Ordinal));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
    }
}
