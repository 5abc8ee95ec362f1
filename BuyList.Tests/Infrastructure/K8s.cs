using System.Collections.Concurrent;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// Renders the kustomizations under <c>deploy/k8s</c> with <c>kubectl kustomize</c> (offline), and parses and validates
/// the result with <c>tools/k8s-validate/validate.mjs</c> (the Kubernetes and KEDA models from npm).
/// </summary>
public static class K8s
{
    public static string DeployDirectory => RepoPaths.Combine("deploy");

    /// <summary>The overlay deploy.sh applies (minikube, the images it builds).</summary>
    public static string OverlayDirectory => RepoPaths.Combine("deploy", "k8s", "overlays", "minikube");

    /// <summary>Every overlay: minikube, and ghcr (the images CD publishes, pinned by digest).</summary>
    public static IReadOnlyList<string> Overlays { get; } =
        [.. Directory.GetDirectories(RepoPaths.Combine("deploy", "k8s", "overlays")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public static string Overlay(string name) => RepoPaths.Combine("deploy", "k8s", "overlays", name);

    public static string BaseDirectory => RepoPaths.Combine("deploy", "k8s", "base");

    private static string ValidatorDirectory => RepoPaths.Combine("tools", "k8s-validate");

    private static readonly ConcurrentDictionary<string, Task<string>> s_rendered = new();

    /// <summary>kubectl on PATH, else skipped (locally) or failed (CI).</summary>
    public static string Kubectl() => Requires.Tool("kubectl", "apt-get install kubectl");

    /// <summary>node with the validator's npm packages installed, else skipped (locally) or failed (CI).</summary>
    public static string Node()
    {
        var node = Requires.Tool("node", "apt-get install nodejs");
        Requires.Installed(Directory.Exists(Path.Combine(ValidatorDirectory, "node_modules", "kubernetes-models")),
            "The validator's packages are not installed (npm ci --prefix tools/k8s-validate).");
        return node;
    }

    /// <summary>The YAML <c>kubectl kustomize</c> renders for a kustomization directory (cached per directory).</summary>
    public static Task<string> RenderAsync(string directory)
    {
        var kubectl = Kubectl();
        return s_rendered.GetOrAdd(Path.GetFullPath(directory), async dir =>
        {
            var result = await ProcessRunner.RunAsync(kubectl, ["kustomize", dir]);
            Assert.True(result.ExitCode == 0, $"kubectl kustomize {dir} failed: {result.Describe()}");
            return result.StandardOutput;
        });
    }

    /// <summary>The Secrets kustomization rendered from what <c>deploy/secrets.sh</c> generates, in a temporary copy.</summary>
    public static async Task<string> RenderGeneratedSecretsAsync()
    {
        var kubectl = Kubectl();
        using var copy = new ScratchDirectory("buylist-secrets-");
        File.Copy(RepoPaths.Combine("deploy", "k8s", "secrets", "kustomization.yaml"), Path.Combine(copy.FullName, "kustomization.yaml"));
        (await ProcessRunner.RunAsync("bash", [Path.Combine(DeployDirectory, "secrets.sh"), "--dir", copy.FullName])).Succeeded();
        return (await ProcessRunner.RunAsync(kubectl, ["kustomize", copy.FullName])).Succeeded().StandardOutput;
    }

    /// <summary>The YAML of the Job <c>deploy/load.sh --dry-run</c> would create, with <paramref name="arguments"/>.</summary>
    public static async Task<string> RenderLoadJobAsync(params string[] arguments) =>
        (await ProcessRunner.RunAsync("bash", [Path.Combine(DeployDirectory, "load.sh"), "--dry-run", .. arguments])).Succeeded().StandardOutput;

    /// <summary>Runs the validator over <paramref name="yaml"/>: exit code and messages.</summary>
    public static Task<ProcessResult> ValidateAsync(string yaml) =>
        ProcessRunner.RunAsync(Node(), [Path.Combine(ValidatorDirectory, "validate.mjs")], standardInput: yaml);

    /// <summary>The documents of a YAML stream, parsed by the validator's YAML library.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ParseAsync(string yaml)
    {
        var result = (await ProcessRunner.RunAsync(Node(), [Path.Combine(ValidatorDirectory, "validate.mjs"), "--parse-only"], standardInput: yaml)).Succeeded();
        return JsonNode.Parse(result.StandardOutput)!.AsArray().Select(n => n!.AsObject()).ToList();
    }

    /// <summary>The rendered and parsed objects of a kustomization directory.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ObjectsAsync(string directory) => await ParseAsync(await RenderAsync(directory));

    public static string Kind(this JsonObject o) => (string)o["kind"]!;

    public static string Name(this JsonObject o) => (string)o["metadata"]!["name"]!;

    public static string Id(this JsonObject o) => $"{o.Kind()}/{o.Name()}";

    public static JsonObject Single(this IEnumerable<JsonObject> objects, string kind, string name) =>
        Assert.Single(objects, o => o.Kind() == kind && o.Name() == name);

    public static JsonObject? Find(this IEnumerable<JsonObject> objects, string kind, string name) =>
        objects.SingleOrDefault(o => o.Kind() == kind && o.Name() == name);

    /// <summary>Deployments, StatefulSets and Jobs: what runs pods.</summary>
    public static IEnumerable<JsonObject> Workloads(this IEnumerable<JsonObject> objects) =>
        objects.Where(o => o.Kind() is "Deployment" or "StatefulSet" or "Job" or "DaemonSet");

    public static JsonObject PodSpec(this JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonObject PodTemplateMetadata(this JsonObject workload) => workload["spec"]!["template"]!["metadata"]!.AsObject();

    public static IEnumerable<JsonObject> Containers(this JsonObject workload) => Array(workload.PodSpec()["containers"]);

    /// <summary>The containers and the init containers.</summary>
    public static IEnumerable<JsonObject> AllContainers(this JsonObject workload) => workload.Containers().Concat(Array(workload.PodSpec()["initContainers"]));

    /// <summary>A Service's ports.</summary>
    public static IEnumerable<JsonObject> Ports(this JsonObject service) => Array(service["spec"]!["ports"]);

    /// <summary>The number of the Service port named <paramref name="name"/>, or null.</summary>
    public static string? ServicePort(this JsonObject service, string name) => service.Ports().SingleOrDefault(p => p.Text("name") == name)?.Text("port");

    /// <summary>The one trigger of the ScaledObject named <paramref name="name"/>.</summary>
    public static JsonObject Trigger(this IEnumerable<JsonObject> objects, string name) =>
        Assert.Single(Array(objects.Single("ScaledObject", name)["spec"]!["triggers"]));

    public static IEnumerable<JsonObject> Array(JsonNode? node) => node?.AsArray().Select(n => n!.AsObject()) ?? [];

    public static string? Text(this JsonNode? node, params string[] path) => path.Aggregate(node, (n, part) => n?[part])?.ToString();

    /// <summary>The environment a container gets: its <c>env</c> (values, or "secret:name/key" for a secretKeyRef)
    /// and the ConfigMaps / Secrets of its <c>envFrom</c> (Secret values as "secret:name/key").</summary>
    public static Dictionary<string, string> Environment(this JsonObject container, IReadOnlyList<JsonObject> objects)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in Array(container["envFrom"]))
        {
            var variables = source.Text("configMapRef", "name") is { } configMap
                ? (objects.Single("ConfigMap", configMap)["data"]?.AsObject() ?? []).Select(d => (d.Key, Value: d.Value!.ToString()))
                : source.Text("secretRef", "name") is { } secret
                    ? (objects.Find("Secret", secret)?["data"]?.AsObject() ?? []).Select(d => (d.Key, Value: $"secret:{secret}/{d.Key}"))
                    : [];
            foreach (var (key, value) in variables)
            {
                environment[key] = value;
            }
        }

        foreach (var variable in Array(container["env"]))
        {
            var name = (string)variable["name"]!;
            environment[name] = variable["value"]?.ToString()
                ?? (variable["valueFrom"]?["secretKeyRef"] is { } secretRef ? $"secret:{secretRef["name"]}/{secretRef["key"]}"
                : variable["valueFrom"]?["configMapKeyRef"] is { } mapRef
                    ? objects.Single("ConfigMap", (string)mapRef["name"]!)["data"]?[(string)mapRef["key"]!]?.ToString() ?? ""
                : "fieldRef");
        }

        return environment;
    }
}
