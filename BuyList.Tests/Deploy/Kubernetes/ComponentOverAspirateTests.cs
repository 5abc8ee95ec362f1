namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// The component deploy/k8s/components/cluster-extras (KEDA, the web HPA, PDBs, NetworkPolicies, the apps' probes
/// and security contexts) over a folder in the layout Aspirate 9.1.0 generates (<c>aspirate-output/</c>, written from
/// its templates), through <c>deploy/k8s/aspirate</c> as a user applies it: it renders, every object validates as the
/// base does, and Aspirate's apps come out as the minikube overlay has them.
/// </summary>
public sealed class ComponentOverAspirateTests
{
    private static readonly string[] s_apps = ["facing", "management", "web"];

    /// <summary>The rendered YAML of <c>deploy/k8s/aspirate</c> over a copy of <c>aspirate-output/</c>.</summary>
    private static async Task<string> RenderAsync()
    {
        using var copy = new ScratchDirectory("buylist-aspirate-");
        Directories.Copy(RepoPaths.Combine("deploy", "k8s"), copy.FullName);
        var generated = Path.Combine(copy.FullName, "aspirate", "generated");
        Directories.Copy(RepoPaths.Combine("BuyList.Tests", "Deploy", "Kubernetes", "aspirate-output"), generated);
        // What Aspirate's secret state holds for the projects' connection strings (placeholders).
        await File.WriteAllTextAsync(Path.Combine(generated, "facing", ".facing.secrets"), "ConnectionStrings__kafka=kafka:9092\n");
        await File.WriteAllTextAsync(Path.Combine(generated, "management", ".management.secrets"),
            "ConnectionStrings__kafka=kafka:9092\nConnectionStrings__mongodb=mongodb://generated-user:generated-password@mongodb:27017/buylist?authSource=admin\n");

        return await K8s.RenderAsync(Path.Combine(copy.FullName, "aspirate"));
    }

    /// <summary>Merges "the component over Aspirate's output renders and every object validates" with "Aspirate's apps get
    /// the overlay's probes, security contexts, rollout and services".</summary>
    [Fact]
    public async Task The_component_over_aspirates_output_validates_and_gives_its_apps_the_overlays_probes_security_contexts_rollout_and_services()
    {
        var yaml = await RenderAsync();
        (await K8s.ValidateAsync(yaml)).Succeeded();
        var aspirate = await K8s.ParseAsync(yaml);
        Assert.Superset(new HashSet<string>(["ScaledObject", "PodDisruptionBudget", "NetworkPolicy", "HorizontalPodAutoscaler"]), aspirate.Select(o => o.Kind()).ToHashSet());

        Assert.All(aspirate.Where(o => o.Kind() != "Namespace"), o => Assert.Equal("buylist", o.Text("metadata", "namespace")));

        var overlay = await K8s.ObjectsAsync(K8s.OverlayDirectory);
        foreach (var app in s_apps)
        {
            var deployment = aspirate.Single("Deployment", app);
            var expected = overlay.Single("Deployment", app);
            Assert.Null(deployment["spec"]!["replicas"]);
            Assert.Equal(expected.Text("spec", "strategy", "type"), deployment.Text("spec", "strategy", "type"));
            Assert.Equal(expected.PodSpec()["securityContext"]!.ToJsonString(), deployment.PodSpec()["securityContext"]!.ToJsonString());
            Assert.Equal(expected.PodTemplateMetadata()["annotations"]!.ToJsonString(), deployment.PodTemplateMetadata()["annotations"]!.ToJsonString());
            Assert.Equal("false", deployment.PodSpec().Text("enableServiceLinks"));

            var container = Assert.Single(deployment.Containers());
            var expectedContainer = Assert.Single(expected.Containers());
            Assert.All(["startupProbe", "livenessProbe", "readinessProbe", "lifecycle", "securityContext", "volumeMounts"],
                field => Assert.True(expectedContainer[field]!.ToJsonString() == container[field]?.ToJsonString(), $"{app}: {field} is {container[field]?.ToJsonString()}"));

            // The probes' port is the AppHost's ops binding, which Aspirate names as the base does.
            Assert.Contains(K8s.Array(container["ports"]), p => p.Text("name") == "ops" && p.Text("containerPort") == "8081");

            // Only http on the Service: Aspirate's https and ops ports are gone.
            Assert.Equal(["http"], aspirate.Single("Service", app).Ports().Select(p => p.Text("name")));
        }

        // KEDA reads management's lag from its own namespace: the broker it is sent on to must resolve there too.
        var kafka = aspirate.Single("Deployment", "kafka");
        var bootstrap = aspirate.Trigger("management").Text("metadata", "bootstrapServers")!;
        Assert.Contains($"PLAINTEXT://{bootstrap},", Assert.Single(kafka.Containers()).Environment(aspirate)["KAFKA_ADVERTISED_LISTENERS"], StringComparison.Ordinal);
        Assert.Equal("false", kafka.PodSpec().Text("enableServiceLinks"));

        Assert.All(aspirate.Where(o => o.Kind() is "ScaledObject" or "HorizontalPodAutoscaler"),
            scaled => Assert.NotNull(aspirate.Find("Deployment", scaled.Text("spec", "scaleTargetRef", "name")!)));
    }
}
