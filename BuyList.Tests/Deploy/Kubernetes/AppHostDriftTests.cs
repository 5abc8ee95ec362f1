namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// The hand-written base (<c>deploy/k8s/base</c>, in Aspirate's layout) against the AppHost's publish manifest, the
/// input Aspirate generates such a base from: every project and container has a workload and a Service with the
/// same ports, the same configuration keys and, where the manifest fixes them, the same values. And the apps' autoscaling.
/// </summary>
public sealed partial class AppHostDriftTests
{
    /// <summary>The .NET container images listen on 8080 (ASPNETCORE_HTTP_PORTS); the manifest leaves a project's
    /// http port to the deployment tool, and Aspirate, like this base, uses 8080.</summary>
    private const int ProjectHttpPort = 8080;

    /// <summary>
    /// What is deliberately not carried into the cluster: each project's <c>https</c> binding and the variables that
    /// point at one (<c>services__X__https__0</c>, <c>X_HTTPS</c>). There is no TLS inside the cluster (it ends at an
    /// ingress or the NodePort's client), and with an https endpoint configured, <c>https+http://</c> service
    /// discovery would pick it and connect to a port nothing listens on.
    /// </summary>
    private static bool NotCarriedOver(string bindingOrTemplate) =>
        bindingOrTemplate == "https" || bindingOrTemplate.Contains(".bindings.https.", StringComparison.Ordinal);

    /// <summary>
    /// The containers' variables whose value in the cluster differs from the manifest's on purpose, and why. Every other
    /// variable of the manifest has its value in the base.
    /// </summary>
    private static readonly Dictionary<(string Resource, string Key), string> s_differentOnPurpose = new()
    {
        [("kafka", "KAFKA_ADVERTISED_LISTENERS")] =
            "the pod's fully qualified name (statefulset.yaml), not the Service's short name: the KEDA operator reads the lag from its own namespace",
        [("kafka", "KAFKA_LOG_DIRS")] =
            "a directory of its own on the PersistentVolume, not its root: a new volume's root holds lost+found, which the broker would take for a log directory",
    };

    [GeneratedRegex(@"\{(?<ref>[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+)\}")]
    private static partial Regex Placeholder();

    private static IEnumerable<(string Name, JsonObject Resource)> OfType(JsonObject resources, string type) =>
        resources.Where(r => (string)r.Value!["type"]! == type).Select(r => (r.Key, r.Value!.AsObject()));

    /// <summary>Merges the projects' test and the containers' test: both go through the same ports and variables checks.</summary>
    [Fact]
    public async Task Every_project_and_container_has_a_workload_and_service_on_its_ports_with_the_manifests_image_and_configuration()
    {
        var resources = (await ManifestTests.PublishManifestAsync(TestContext.Current.CancellationToken))["resources"]!.AsObject();
        var cluster = await K8s.ObjectsAsync(K8s.BaseDirectory);
        var projects = OfType(resources, "project.v0").ToList();
        var containers = OfType(resources, "container.v0").ToList();
        Assert.Equal(["facing", "management", "web"], projects.Select(p => p.Name).Order());
        Assert.Equal(["kafka", "mongodb"], containers.Select(c => c.Name).Order());

        foreach (var (name, resource) in projects.Concat(containers))
        {
            var isProject = (string)resource["type"]! == "project.v0";
            var workload = cluster.Workloads().SingleOrDefault(w => w.Name() == name && (!isProject || w.Kind() == "Deployment"));
            var service = cluster.Find("Service", name);
            Assert.True(workload is not null && service is not null, $"{name}: no {(isProject ? "Deployment" : "workload")} and Service of that name in deploy/k8s/base");

            var container = isProject ? Assert.Single(workload.Containers()) : workload.Containers().First();
            // docker.io/mongo:8.0 and docker.io/library/mongo:8.0 are one image; a pinned digest does not change it.
            Assert.True(isProject || ImageListTests.Qualify(((string)resource["image"]!).Split('@')[0]) == ImageListTests.Qualify(container.Text("image")!.Split('@')[0]),
                $"{name}: image {container.Text("image")} is not the AppHost's {resource["image"]}");

            foreach (var (binding, value) in resource["bindings"]?.AsObject() ?? [])
            {
                var targetPort = (value!["targetPort"]?.GetValue<int>() ?? ProjectHttpPort).ToString(CultureInfo.InvariantCulture);
                if (binding == OperationsEndpointExtensions.EndpointName)
                {
                    AssertInternalPort(name, service, container, binding, targetPort);
                }
                else if (!NotCarriedOver(binding))
                {
                    AssertPort(name, service, container, binding, targetPort);
                }
            }

            var environment = container.Environment(cluster);
            foreach (var (key, template) in resource["env"]?.AsObject() ?? [])
            {
                if (s_differentOnPurpose.TryGetValue((name, key), out var why))
                {
                    Assert.False(environment.TryGetValue(key, out var actual) && actual == Resolve(template!.ToString(), resources, cluster),
                        $"{name}: {key} is listed as differing from the manifest ({why}), but no longer does: take it off the list");
                }
                else if (!NotCarriedOver(template!.ToString()))
                {
                    AssertVariable(name, environment, key, template.ToString(), resources, cluster);
                }
            }

            if (isProject)
            {
                Assert.DoesNotContain(environment.Keys, k => k.Contains("__https__", StringComparison.Ordinal) || k.EndsWith("_HTTPS", StringComparison.Ordinal));

                // Telemetry: the deployment tool's part (not in the manifest): every project exports to the dashboard.
                Assert.Equal(name, environment.GetValueOrDefault("OTEL_SERVICE_NAME"));
                Assert.Equal($"http://aspire-dashboard:{cluster.Single("Service", "aspire-dashboard").ServicePort("otlp-grpc")}",
                    environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT"));
            }
        }
    }

    [Fact]
    public async Task Facing_scales_on_its_request_rate_from_the_clusters_prometheus_and_web_on_cpu()
    {
        var overlay = await K8s.ObjectsAsync(K8s.OverlayDirectory);

        var facing = overlay.Single("ScaledObject", "facing");
        Assert.Equal(2, facing["spec"]!["minReplicaCount"]!.GetValue<int>());
        Assert.Equal(8, facing["spec"]!["maxReplicaCount"]!.GetValue<int>());
        var trigger = overlay.Trigger("facing");
        Assert.Equal("prometheus", trigger.Text("type"));
        Assert.Equal($"http://prometheus.buylist.svc:{overlay.Single("Service", "prometheus").ServicePort("http")}", trigger.Text("metadata", "serverAddress"));
        var query = trigger.Text("metadata", "query")!;
        Assert.Contains("http_server_request_duration_seconds_count", query, StringComparison.Ordinal);
        Assert.Contains("app=\"facing\"", query, StringComparison.Ordinal);
        Assert.True(decimal.Parse(trigger.Text("metadata", "threshold")!, CultureInfo.InvariantCulture) > 0);

        var web = overlay.Single("HorizontalPodAutoscaler", "web");
        Assert.Equal(("web", "1", "3"), (web.Text("spec", "scaleTargetRef", "name"), web.Text("spec", "minReplicas"), web.Text("spec", "maxReplicas")));
        var metric = Assert.Single(K8s.Array(web["spec"]!["metrics"]));
        Assert.Equal("cpu", metric.Text("resource", "name"));

        foreach (var (name, key) in new[] { ("facing", "minAvailable"), ("management", "maxUnavailable") })
        {
            var pdb = overlay.Single("PodDisruptionBudget", name);
            Assert.Equal(name, pdb.Text("spec", "selector", "matchLabels", "app"));
            Assert.Equal("1", pdb.Text("spec", key));
        }
    }

    private static void AssertPort(string name, JsonObject service, JsonObject container, string binding, string targetPort)
    {
        var port = service.Ports().SingleOrDefault(p => p.Text("name") == binding);
        Assert.True(port is not null, $"{name}: Service has no port named '{binding}'");
        var target = port.Text("targetPort") ?? port.Text("port");
        var containerPort = K8s.Array(container["ports"]).SingleOrDefault(p => p.Text("name") == target || p.Text("containerPort") == target);
        Assert.True(containerPort?.Text("containerPort") == targetPort,
            $"{name}: Service port '{binding}' reaches container port {containerPort?.Text("containerPort") ?? target}, not {targetPort}");
        // Service discovery addresses name the Service port: keep it equal to the container's.
        Assert.True(port.Text("port") == targetPort, $"{name}: Service port '{binding}' is {port.Text("port")}, not {targetPort}");
    }

    /// <summary>The operational port: on the container under the binding's name, and on no Service.</summary>
    private static void AssertInternalPort(string name, JsonObject service, JsonObject container, string binding, string targetPort)
    {
        var containerPort = K8s.Array(container["ports"]).SingleOrDefault(p => p.Text("name") == binding);
        Assert.True(containerPort?.Text("containerPort") == targetPort,
            $"{name}: container port '{binding}' is {containerPort?.Text("containerPort") ?? "missing"}, not {targetPort}");
        Assert.False(service.Ports().Any(p => p.Text("name") == binding || p.Text("targetPort") == binding || p.Text("targetPort") == targetPort),
            $"{name}: Service exposes the internal port '{binding}'");
    }

    private static void AssertVariable(string name, Dictionary<string, string> environment, string key, string template,
        JsonObject resources, IReadOnlyList<JsonObject> cluster)
    {
        Assert.True(environment.TryGetValue(key, out var actual), $"{name}: {key} (manifest: {template}) is not set");
        var expected = Resolve(template, resources, cluster);
        if (expected is null)
        {
            Assert.True(actual.StartsWith("secret:", StringComparison.Ordinal), $"{name}: {key} depends on a parameter (a credential) but does not come from a Secret");
        }
        else
        {
            Assert.True(expected == actual, $"{name}: {key} is '{actual}', the manifest's {template} is '{expected}' in the cluster");
        }
    }

    /// <summary>A manifest expression with the cluster's names and ports; null when it depends on a parameter.</summary>
    private static string? Resolve(string template, JsonObject resources, IReadOnlyList<JsonObject> cluster)
    {
        var unresolved = false;
        var value = Placeholder().Replace(template, match =>
        {
            var parts = match.Groups["ref"].Value.Split('.');
            var resource = resources[parts[0]]?.AsObject();
            if (resource is null || (string)resource["type"]! is "parameter.v0" or "value.v0")
            {
                unresolved = true;
                return match.Value;
            }

            if (parts is [_, "connectionString"])
            {
                var resolved = Resolve((string)resource["connectionString"]!, resources, cluster);
                unresolved |= resolved is null;
                return resolved ?? match.Value;
            }

            if (parts is [var host, "bindings", var binding, var property])
            {
                var port = cluster.Find("Service", host)?.ServicePort(binding);
                return property switch
                {
                    "host" => host,
                    "port" => port ?? "?",
                    // The port the process listens on: the container's, which an internal port (ops) has without a Service.
                    "targetPort" => ContainerPort(cluster, host, binding) ?? port ?? "?",
                    "url" => $"{resource["bindings"]![binding]!["scheme"]}://{host}:{port ?? "?"}",
                    _ => throw new InvalidOperationException($"Unknown binding property in {match.Value}"),
                };
            }

            throw new InvalidOperationException($"Unknown manifest expression {match.Value}");
        });
        return unresolved ? null : value;
    }

    private static string? ContainerPort(IReadOnlyList<JsonObject> cluster, string workload, string name) =>
        cluster.Workloads().SingleOrDefault(w => w.Name() == workload)?.Containers()
            .SelectMany(c => K8s.Array(c["ports"])).SingleOrDefault(p => p.Text("name") == name)?.Text("containerPort");
}
