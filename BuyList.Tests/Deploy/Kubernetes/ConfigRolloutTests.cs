namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// A setting edited in deploy/k8s reaches the pods on the next <c>kubectl apply -k</c>: the generated ConfigMaps carry
/// kustomize's content hash in their names, so an edit changes the pod template of every workload that reads one (a
/// rollout). The exception is Prometheus's configuration, which Prometheus re-reads by itself.
/// </summary>
public sealed partial class ConfigRolloutTests : IDisposable
{
    private const string ReloadedConfigMap = "prometheus-config";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("buylist-rollout-");

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>Merges "editing any generated setting rolls every workload that reads it" with "Prometheus reloads its
    /// edited configuration by itself", the one ConfigMap the first leaves out.</summary>
    [Fact]
    public async Task Editing_any_generated_setting_rolls_every_workload_that_reads_it_and_prometheus_reloads_its_configuration_by_itself()
    {
        var copy = Path.Combine(_root.FullName, "k8s");
        Directories.Copy(RepoPaths.Combine("deploy", "k8s"), copy);
        // One more setting in every generator with literals, one more line in every file a generator reads.
        foreach (var kustomization in Directory.GetFiles(copy, "kustomization.yaml", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(kustomization, TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(kustomization, text.Replace("    literals:\n", "    literals:\n      - BUYLIST_EDITED=1\n", StringComparison.Ordinal),
                TestContext.Current.CancellationToken);
            foreach (var file in GeneratorFile().Matches(text).SelectMany(m => m.Groups["file"].Captures))
            {
                var path = Path.Combine(Path.GetDirectoryName(kustomization)!, file.Value);
                await File.AppendAllTextAsync(path, path.EndsWith(".js", StringComparison.Ordinal) ? "// edited\n" : "# edited\n", TestContext.Current.CancellationToken);
            }
        }

        var before = await K8s.ObjectsAsync(K8s.OverlayDirectory);
        var after = await K8s.ObjectsAsync(Path.Combine(copy, "overlays", "minikube"));

        var readers = (from workload in before.Workloads()
                       let reads = ConfigMaps(workload).Where(c => c != ReloadedConfigMap).ToList()
                       where reads.Count > 0
                       let rolls = !JsonNode.DeepEquals(workload["spec"]!["template"], after.Single(workload.Kind(), workload.Name())["spec"]!["template"])
                       select (Workload: workload, Reads: reads, Rolls: rolls)).ToList();
        var failures = readers.Where(r => !r.Rolls)
            .Select(r => $"{r.Workload.Id()} reads {string.Join(", ", r.Reads)}, but its pod template is the same after the edit: nothing would roll").ToList();
        var rolled = readers.Where(r => r.Rolls).Select(r => r.Workload.Name());

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Superset(new HashSet<string>(["facing", "management", "web", "kafka", "mongodb", "aspire-dashboard"]), rolled.ToHashSet());

        var prometheus = before.Single("Deployment", "prometheus");
        var container = Assert.Single(prometheus.Containers());
        // A fixed name: the kubelet updates the mounted file in place, and Prometheus checks its checksum.
        Assert.Equal([ReloadedConfigMap], ConfigMaps(prometheus));
        Assert.NotNull(before.Find("ConfigMap", ReloadedConfigMap));
        var args = container["args"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Contains(args, a => a.StartsWith("--enable-feature=", StringComparison.Ordinal) && a.Split('=', 2)[1].Split(',').Contains("auto-reload-config"));
        Assert.Contains(args, a => a.StartsWith("--config.auto-reload-interval=", StringComparison.Ordinal));
        var volume = K8s.Array(prometheus.PodSpec()["volumes"]).Single(v => v.Text("configMap", "name") == ReloadedConfigMap).Text("name");
        var mount = K8s.Array(container["volumeMounts"]).Single(m => m.Text("name") == volume);
        // A subPath mount never sees an update of its ConfigMap.
        Assert.Null(mount["subPath"]);
        Assert.StartsWith(mount.Text("mountPath")! + "/", args.Single(a => a.StartsWith("--config.file=", StringComparison.Ordinal))["--config.file=".Length..], StringComparison.Ordinal);
    }

    /// <summary>The names of the ConfigMaps a workload's pods read: envFrom, env, volumes (their generator names for hashed ones).</summary>
    private static List<string> ConfigMaps(JsonObject workload) =>
        [.. workload.AllContainers()
            .SelectMany(c => K8s.Array(c["envFrom"]).Select(e => e.Text("configMapRef", "name")).Concat(K8s.Array(c["env"]).Select(e => e.Text("valueFrom", "configMapKeyRef", "name"))))
            .Concat(K8s.Array(workload.PodSpec()["volumes"]).Select(v => v.Text("configMap", "name")))
            .OfType<string>().Distinct()];

    [GeneratedRegex(@"^\s+files:\s*\n(\s+-\s+(?<file>[^\s#]+)\s*\n)+", RegexOptions.Multiline)]
    private static partial Regex GeneratorFile();
}
