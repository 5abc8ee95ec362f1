using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// Everything <c>deploy.sh</c> applies renders with <c>kubectl kustomize</c> and every object validates against the
/// Kubernetes and KEDA schemas, offline; and the validator itself rejects what an API server would.
/// </summary>
public sealed class ManifestValidationTests
{
    [Fact]
    public async Task The_minikube_overlay_renders_and_every_object_validates()
    {
        var yaml = await K8s.RenderAsync(K8s.OverlayDirectory);

        var result = await K8s.ValidateAsync(yaml);

        Assert.True(result.ExitCode == 0, result.Describe());
        var objects = await K8s.ParseAsync(yaml);
        Assert.Contains(objects, o => o.Kind() == "ScaledObject");
        Assert.Contains(objects, o => o.Kind() == "HorizontalPodAutoscaler");
        Assert.All(objects.Where(o => o.Kind() != "Namespace"), o => Assert.Equal("buylist", o.Text("metadata", "namespace")));
    }

    public static TheoryData<string> Overlays => [.. K8s.Overlays];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_overlay_renders_and_every_object_validates(string overlay)
    {
        var yaml = await K8s.RenderAsync(K8s.Overlay(overlay));

        var result = await K8s.ValidateAsync(yaml);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains(await K8s.ParseAsync(yaml), o => o.Kind() == "Deployment");
    }

    [Fact]
    public async Task The_base_renders_and_every_object_validates()
    {
        var result = await K8s.ValidateAsync(await K8s.RenderAsync(K8s.BaseDirectory));

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Fact]
    public async Task The_secrets_kustomization_renders_from_what_secrets_sh_generates()
    {
        var rendered = await K8s.RenderGeneratedSecretsAsync();

        var result = await K8s.ValidateAsync(rendered);
        Assert.True(result.ExitCode == 0, result.Describe());
        var secrets = await K8s.ParseAsync(rendered);
        Assert.Equal(["aspire-dashboard-secrets", "management-secrets", "mongodb-root"], secrets.Select(s => s.Name()).Order());
        Assert.All(secrets, s => Assert.Equal("Secret", s.Kind()));
    }

    [Fact]
    public async Task The_load_job_validates()
    {
        var dryRun = await ProcessRunner.RunAsync("bash", [Path.Combine(K8s.DeployDirectory, "load.sh"), "--dry-run", "--rate", "120", "--duration", "60"]);
        Assert.True(dryRun.ExitCode == 0, dryRun.Describe());

        var result = await K8s.ValidateAsync(dryRun.StandardOutput);

        Assert.True(result.ExitCode == 0, result.Describe());
        var job = Assert.Single(await K8s.ParseAsync(dryRun.StandardOutput));
        Assert.Equal("Job", job.Kind());
        Assert.Equal("buylist", job.Text("metadata", "namespace"));
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
