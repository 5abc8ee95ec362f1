using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// Everything <c>deploy.sh</c> applies renders with <c>kubectl kustomize</c> and every object validates against the
/// Kubernetes and KEDA schemas, offline; and the validator itself rejects what an API server would.
/// </summary>
public sealed class ManifestValidationTests
{
    private const string LoadJob = "the load Job";

    public static TheoryData<string> Kustomizations => ["base", .. K8s.Overlays.Select(o => $"overlays/{o}"), LoadJob];

    /// <summary>Merges the base's, the minikube overlay's, every overlay's and the load Job's test (what
    /// <c>load.sh --dry-run</c> renders): each renders, every object validates and sits in the namespace; the overlays
    /// have their autoscalers.</summary>
    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Every_kustomization_and_the_load_job_render_and_every_object_validates(string kustomization)
    {
        var yaml = kustomization == LoadJob
            ? await K8s.RenderLoadJobAsync("--rate", "120", "--duration", "60")
            : await K8s.RenderAsync(RepoPaths.Combine("deploy", "k8s", kustomization));

        (await K8s.ValidateAsync(yaml)).Succeeded();
        var objects = await K8s.ParseAsync(yaml);
        Assert.All(objects.Where(o => o.Kind() != "Namespace"), o => Assert.Equal("buylist", o.Text("metadata", "namespace")));
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
