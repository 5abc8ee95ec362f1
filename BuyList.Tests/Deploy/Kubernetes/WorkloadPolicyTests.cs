using BuyList.ServiceDefaults.Hosting;

namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// Policy over what the minikube overlay renders (and the load Job): probes, requests and limits, the restricted
/// security context, Prometheus discovery, images, and the NetworkPolicy set.
/// </summary>
public sealed class WorkloadPolicyTests
{
    private static readonly string[] s_apps = ["facing", "management", "web"];

    private static readonly string[] s_probes = ["startupProbe", "livenessProbe", "readinessProbe"];

    private static async Task<IReadOnlyList<JsonObject>> OverlayAsync() => await K8s.ObjectsAsync(K8s.OverlayDirectory);

    /// <summary>The overlay's workloads plus the Job load.sh creates: everything that runs in the namespace.</summary>
    private static async Task<IReadOnlyList<JsonObject>> AllWorkloadsAsync() =>
        [.. (await OverlayAsync()).Workloads(), .. (await K8s.ParseAsync(await K8s.RenderLoadJobAsync())).Workloads()];

    /// <summary>Every container and init container of everything that runs, with where it is for a failure message.</summary>
    private static async Task<List<(JsonObject Workload, JsonObject Container, string Where)>> AllContainersAsync() =>
        [.. (await AllWorkloadsAsync()).SelectMany(w => w.AllContainers().Select(c => (w, c, $"{w.Id()} container {c["name"]}")))];

    /// <summary>Merges "every container has cpu and memory requests and limits with requests not above limits" (every
    /// container of everything that runs) with "the requests at full scale-out fit a minikube of 2 CPUs and 4 GB".</summary>
    [Fact]
    public async Task Every_container_requests_no_more_than_its_limits_and_the_requests_at_full_scale_out_fit_a_minikube_of_2_cpus_and_4_gb()
    {
        // What the system pods, Calico, metrics-server and KEDA request is left over: ~1.4 CPUs and ~1.2 GiB.
        const decimal CpuBudgetMillicores = 600;
        const decimal MemoryBudgetMebibytes = 2560;

        var failures = from c in await AllContainersAsync()
                       from resource in new[] { "cpu", "memory" }
                       let request = c.Container.Text("resources", "requests", resource)
                       let limit = c.Container.Text("resources", "limits", resource)
                       where request is null || limit is null || Quantity.Parse(request) > Quantity.Parse(limit)
                       select request is null || limit is null
                           ? $"{c.Where}: {resource} request and limit must both be set"
                           : $"{c.Where}: {resource} request {request} is above its limit {limit}";
        Assert.True(!failures.Any(), string.Join('\n', failures));

        var objects = await OverlayAsync();
        var maxReplicas = objects.Where(o => o.Kind() is "ScaledObject" or "HorizontalPodAutoscaler").ToDictionary(
            o => o.Text("spec", "scaleTargetRef", "name")!,
            o => int.Parse(o.Text("spec", o.Kind() == "ScaledObject" ? "maxReplicaCount" : "maxReplicas")!, CultureInfo.InvariantCulture));

        decimal cpu = 0, memory = 0;
        foreach (var workload in objects.Workloads())
        {
            var replicas = maxReplicas.TryGetValue(workload.Name(), out var max) ? max : int.Parse(workload.Text("spec", "replicas") ?? "1");
            cpu += replicas * workload.Containers().Sum(c => Quantity.Millicores(c.Text("resources", "requests", "cpu")!));
            memory += replicas * workload.Containers().Sum(c => Quantity.Mebibytes(c.Text("resources", "requests", "memory")!));
        }

        Assert.True(cpu <= CpuBudgetMillicores, $"{cpu}m CPU requested at full scale-out, budget {CpuBudgetMillicores}m");
        Assert.True(memory <= MemoryBudgetMebibytes, $"{memory}Mi memory requested at full scale-out, budget {MemoryBudgetMebibytes}Mi");
    }

    /// <summary>What the restricted Pod Security Standard asks of every container: its own securityContext, then the pod's.</summary>
    private static readonly (string Rule, Func<JsonNode?, JsonNode?, bool> Holds)[] s_restricted =
    [
        ("runAsNonRoot: true", (own, pod) => (own?["runAsNonRoot"] ?? pod?["runAsNonRoot"])?.GetValue<bool>() == true),
        // A numeric user lets the kubelet check runAsNonRoot even for images whose USER is a name.
        ("runAsUser: a number above 0", (own, pod) => (own?["runAsUser"] ?? pod?["runAsUser"])?.GetValue<long>() is > 0),
        ("allowPrivilegeEscalation: false", (own, _) => own?["allowPrivilegeEscalation"]?.GetValue<bool>() == false),
        ("readOnlyRootFilesystem: true", (own, _) => own?["readOnlyRootFilesystem"]?.GetValue<bool>() == true),
        ("capabilities.drop: [ALL]", (own, _) => own?["capabilities"]?["drop"] is JsonArray dropped && dropped.Any(c => (string?)c == "ALL")),
        ("no capabilities.add", (own, _) => own?["capabilities"]?["add"] is not JsonArray { Count: > 0 }),
        ("seccompProfile.type: RuntimeDefault", (own, pod) => (K8s.Text(own, "seccompProfile", "type") ?? K8s.Text(pod, "seccompProfile", "type")) == "RuntimeDefault"),
    ];

    /// <summary>
    /// Merges "no pod gets the service link variables" into it: Kubernetes' Docker-link variables for every Service of
    /// the namespace are noise at best, and the Kafka image turns each KAFKA_* variable into a broker property: the
    /// `kafka` Service's KAFKA_PORT=tcp://... would become `port=`.
    /// </summary>
    [Fact]
    public async Task Every_pod_runs_non_root_without_privilege_escalation_with_a_read_only_root_no_capabilities_and_no_service_links()
    {
        var failures = (from c in await AllContainersAsync()
                        from rule in s_restricted
                        where !rule.Holds(c.Container["securityContext"], c.Workload.PodSpec()["securityContext"])
                        select $"{c.Where}: the securityContext must have {rule.Rule}").ToList();
        var workloads = await AllWorkloadsAsync();
        failures.AddRange(workloads.Where(w => w.PodSpec()["hostNetwork"]?.GetValue<bool>() == true || w.PodSpec()["hostPID"]?.GetValue<bool>() == true)
            .Select(w => $"{w.Id()}: uses the host's namespaces"));
        failures.AddRange(workloads.Where(w => w.PodSpec()["enableServiceLinks"]?.GetValue<bool>() != false).Select(w => $"{w.Id()}: enableServiceLinks is not false"));

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        var ns = (await OverlayAsync()).Single("Namespace", "buylist");
        Assert.Equal("restricted", ns.Text("metadata", "labels", "pod-security.kubernetes.io/enforce"));
    }

    /// <summary>Merges "every long-running container has startup, liveness and readiness probes" with "the overlay
    /// deploy.sh applies runs the images it builds" (once part of the apps' probe test).</summary>
    [Fact]
    public async Task Every_long_running_container_has_probes_and_the_apps_run_the_images_deploy_sh_builds()
    {
        var objects = await OverlayAsync();
        var unprobed = from workload in objects.Workloads().Where(w => w.Kind() is "Deployment" or "StatefulSet")
                       from container in workload.Containers()
                       from probe in s_probes
                       where container[probe] is null
                       select $"{workload.Id()} container {container["name"]}: no {probe}";
        Assert.True(!unprobed.Any(), string.Join('\n', unprobed));
        Assert.Empty(NotTheLocalBuilds(objects));
    }

    public static TheoryData<string> Apps => [.. s_apps];

    /// <summary>Merges "the apps answer their probes, and metrics, on the ops port no Service exposes" with "the apps
    /// pause before SIGTERM and drain within the grace period": one row per app instead of a loop in each.</summary>
    [Theory]
    [MemberData(nameof(Apps))]
    public async Task Each_app_answers_probes_and_metrics_on_the_ops_port_no_service_exposes_and_pauses_before_SIGTERM_to_drain_within_the_grace_period(string app)
    {
        var objects = await OverlayAsync();
        var deployment = objects.Single("Deployment", app);
        // The ports, HTTP_PORTS and Operations__Port themselves are the AppHost's (AppHostDriftTests checks the base against them).
        var container = Assert.Single(deployment.Containers());
        foreach (var probe in s_probes)
        {
            Assert.True(container.Text(probe, "httpGet", "port") == "ops", $"{app}: the {probe} is not on the ops port");
            // A timeout longer than the period stretches the period: a hung pod would stay in its Service up to
            // failureThreshold timeouts, not failureThreshold periods. (Kubernetes' defaults: 1 s and 10 s.)
            Assert.True(int.Parse(container.Text(probe, "timeoutSeconds") ?? "1", CultureInfo.InvariantCulture)
                <= int.Parse(container.Text(probe, "periodSeconds") ?? "10", CultureInfo.InvariantCulture),
                $"{app}: the {probe}'s timeout is longer than its period");
        }

        Assert.Equal("/alive", container.Text("livenessProbe", "httpGet", "path"));
        // Readiness is /ready (only what every route needs): with /health, a Kafka outage took every Facing pod out of the Service.
        Assert.Equal("/ready", container.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("/alive", container.Text("startupProbe", "httpGet", "path"));

        var annotations = deployment.PodTemplateMetadata()["annotations"];
        Assert.Equal("true", annotations.Text("prometheus.io/scrape"));
        Assert.Equal("8081", annotations.Text("prometheus.io/port"));
        Assert.Equal("/metrics", annotations.Text("prometheus.io/path"));

        // The Service (and so the NodePort) reaches the public port only.
        Assert.Equal(["http"], objects.Single("Service", app).Ports().Select(p => p.Text("targetPort")));

        // The autoscaler owns the replica count: a replicas field would reset it on every apply.
        Assert.Null(deployment["spec"]!["replicas"]);
        Assert.False(deployment.PodSpec()["automountServiceAccountToken"]!.GetValue<bool>());

        // The services' default drain time applies: no ConfigMap or env overrides it.
        var drain = new ShutdownOptions().DrainTimeout;
        Assert.DoesNotContain(objects, o => o.ToJsonString().Contains("Shutdown__DrainTimeout", StringComparison.Ordinal));
        // The native sleep action: the images have no shell for an exec "sleep".
        var pause = container.Text("lifecycle", "preStop", "sleep", "seconds");
        Assert.True(pause is not null, $"Deployment/{app} has no preStop sleep: the Service may still route to a pod that stopped listening.");
        var grace = int.Parse(deployment.PodSpec().Text("terminationGracePeriodSeconds") ?? "30", CultureInfo.InvariantCulture);
        Assert.InRange(int.Parse(pause, CultureInfo.InvariantCulture), 1, grace - 1);
        Assert.True(int.Parse(pause, CultureInfo.InvariantCulture) + drain.TotalSeconds < grace,
            $"Deployment/{app}: preStop {pause} s + drain {drain.TotalSeconds} s must be shorter than the grace period ({grace} s), or requests are cut off by SIGKILL.");
    }

    /// <summary>
    /// The cluster limits <c>POST /buy</c> per client above the load Job's rate (load.sh's default, from one pod), so
    /// that the load and e2e runs are not throttled; the base, like appsettings.json, leaves it off.
    /// </summary>
    [Fact]
    public async Task Facing_limits_purchases_per_client_in_the_overlay_above_the_load_jobs_rate()
    {
        var overlay = await OverlayAsync();
        var environment = Assert.Single(overlay.Single("Deployment", "facing").Containers()).Environment(overlay);
        Assert.Equal("true", environment["Limits__RateLimitEnabled"]);
        var perSecond = int.Parse(environment["Limits__RateLimitPermits"], CultureInfo.InvariantCulture)
            / TimeSpan.Parse(environment["Limits__RateLimitWindow"], CultureInfo.InvariantCulture).TotalSeconds;
        var load = await File.ReadAllTextAsync(Path.Combine(K8s.DeployDirectory, "load.sh"), TestContext.Current.CancellationToken);
        var loadRate = int.Parse(Regex.Match(load, @"^rate=(\d+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(perSecond > loadRate, $"{perSecond}/s per client, but load.sh sends {loadRate}/s from one pod");

        var baseObjects = await K8s.ObjectsAsync(K8s.BaseDirectory);
        var baseEnvironment = Assert.Single(baseObjects.Single("Deployment", "facing").Containers()).Environment(baseObjects);
        Assert.False(baseEnvironment.ContainsKey("Limits__RateLimitEnabled"));
    }

    /// <summary>
    /// The app Deployments whose image is not the one deploy.sh builds into minikube (<c>buylist/{app}:local</c>, never
    /// pulled): what the overlay deploy.sh applies must name, whatever CD pins elsewhere.
    /// </summary>
    internal static IEnumerable<string> NotTheLocalBuilds(IReadOnlyList<JsonObject> objects) =>
        from app in s_apps
        let container = Assert.Single(objects.Single("Deployment", app).Containers())
        where container.Text("image") != $"buylist/{app}:local" || container.Text("imagePullPolicy") != "IfNotPresent"
        select $"Deployment/{app}: image {container.Text("image")} ({container.Text("imagePullPolicy")}), not buylist/{app}:local (IfNotPresent)";

    [Fact]
    public async Task Prometheus_discovers_the_annotated_pods_of_its_namespace_and_may_list_them()
    {
        var objects = await OverlayAsync();
        var config = objects.Single("ConfigMap", "prometheus-config").Text("data", "prometheus.yml")!;

        Assert.Contains("role: pod", config, StringComparison.Ordinal);
        Assert.Contains("own_namespace: true", config, StringComparison.Ordinal);
        Assert.Contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape", config, StringComparison.Ordinal);
        Assert.Contains("__meta_kubernetes_pod_annotation_prometheus_io_port", config, StringComparison.Ordinal);
        // facing's KEDA query selects on app="facing": the pod label must become the `app` label.
        Assert.Contains("__meta_kubernetes_pod_label_app", config, StringComparison.Ordinal);

        var prometheus = objects.Single("Deployment", "prometheus");
        Assert.Equal("prometheus", prometheus.PodSpec().Text("serviceAccountName"));
        var role = objects.Single("Role", "prometheus");
        Assert.Contains(K8s.Array(role["rules"]), r => r["resources"]!.AsArray().Any(x => (string?)x == "pods")
            && r["verbs"]!.AsArray().Select(v => (string?)v).Order().SequenceEqual(["get", "list", "watch"]));
        var binding = objects.Single("RoleBinding", "prometheus");
        Assert.Equal("prometheus", binding.Text("roleRef", "name"));
        Assert.Contains(K8s.Array(binding["subjects"]), s => s.Text("kind") == "ServiceAccount" && s.Text("name") == "prometheus");
    }

    [Fact]
    public async Task Network_policies_deny_by_default_and_allow_only_the_documented_paths()
    {
        var objects = await OverlayAsync();
        var policies = objects.Where(o => o.Kind() == "NetworkPolicy").ToList();

        var deny = policies.Single("NetworkPolicy", "default-deny-ingress");
        Assert.Empty(deny["spec"]!["podSelector"]!.AsObject());
        Assert.Null(deny["spec"]!["ingress"]);

        // Who may open a connection to each workload: pod `app` labels, "keda/<app>" for another namespace,
        // "*" for a rule without `from`.
        Assert.Equal(["management"], Sources(policies, "mongodb"));
        Assert.Equal(["facing"], Sources(policies, "management", "http"));
        Assert.Equal(["facing", "kafka", "keda/keda-operator", "management"], Sources(policies, "kafka"));
        Assert.Equal(["keda/keda-operator"], Sources(policies, "prometheus"));
        Assert.Contains("*", Sources(policies, "facing")); // web, and the public API
        Assert.Contains("*", Sources(policies, "web"));
        Assert.Contains("facing", Sources(policies, "aspire-dashboard"));
        Assert.DoesNotContain("web", Sources(policies, "kafka"));

        // Health and metrics: Prometheus only (the kubelet's probes come from the node, outside NetworkPolicy).
        Assert.All(s_apps, app => Assert.Equal(["prometheus"], Sources(policies, app, "ops")));

        // Every workload is selected by an allow policy: nothing is cut off by the default deny by accident.
        Assert.All(objects.Workloads(), workload =>
            Assert.Contains(policies, p => p.Name() != "default-deny-ingress" && Selects(p, workload.PodTemplateMetadata()["labels"]!.AsObject())));
    }

    private static bool Selects(JsonObject policy, JsonObject podLabels) =>
        (policy["spec"]!["podSelector"]!["matchLabels"]?.AsObject() ?? []).All(l => podLabels[l.Key]?.ToString() == l.Value!.ToString());

    private static string[] Sources(List<JsonObject> policies, string app, string? port = null) =>
    [
        .. (from policy in policies.Where(p => p.Name() != "default-deny-ingress" && Selects(p, new JsonObject { ["app"] = app }))
            from rule in K8s.Array(policy["spec"]!["ingress"])
            where port is null || K8s.Array(rule["ports"]).Any(p => p.Text("port") == port)
            let peers = K8s.Array(rule["from"]).ToList()
            from source in peers.Count == 0 ? ["*"] : peers.Select(Source)
            select source).Distinct().Order(StringComparer.Ordinal),
    ];

    /// <summary>A peer as <see cref="Sources"/> names it.</summary>
    private static string Source(JsonObject peer)
    {
        var podApp = peer.Text("podSelector", "matchLabels", "app") ?? "*";
        var ns = peer.Text("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name");
        return ns is null ? podApp : $"{ns}/{podApp}";
    }
}
