using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>
/// <c>deploy/images.sh</c>, whose list the end-to-end workflow pulls first so that a wrong tag fails early: it derives
/// the list from the rendered manifests and the AppHost's code, and must name every image they run, no more.
/// </summary>
public sealed class ImageListTests : AppHostModelTest
{
    private static string Script => Path.Combine(K8s.DeployDirectory, "images.sh");

    [Fact]
    public async Task The_list_is_every_image_of_every_overlay_the_load_job_and_the_apphost_with_every_option_on()
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var overlay in K8s.Overlays)
        {
            expected.UnionWith((await K8s.ObjectsAsync(K8s.Overlay(overlay))).Workloads().SelectMany(w => w.AllContainers()).Select(c => c.Text("image")!));
        }

        expected.UnionWith((await K8s.ParseAsync(await K8s.RenderLoadJobAsync())).Workloads().SelectMany(w => w.Containers()).Select(c => c.Text("image")!));
        expected.UnionWith(await AppHostImagesAsync("--Prometheus:Enabled=true", "--Kafka:UI=true"));
        var thirdParty = expected.Where(i => !i.StartsWith("buylist/", StringComparison.Ordinal) && !i.StartsWith("ghcr.io/", StringComparison.Ordinal))
            .Select(Qualify).ToHashSet(StringComparer.Ordinal);

        var listed = (await ProcessRunner.RunAsync("bash", [Script])).Succeeded();

        Assert.Equal(thirdParty.Order(StringComparer.Ordinal), listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // The three tags this deployment had never pulled when the list was written.
        Assert.Subset(thirdParty, new HashSet<string>(["docker.io/prom/prometheus:v3.5.0", "mcr.microsoft.com/dotnet/aspire-dashboard:13.0", "docker.io/curlimages/curl:8.16.0"]));
    }

    [Fact]
    public async Task Pulling_tries_every_image_and_names_the_ones_that_cannot_be_pulled()
    {
        K8s.Kubectl();
        using var stubs = new StubCommands();
        stubs.Add("docker", """
            echo "$*" >>"$STUB_STATE/calls"
            case "$*" in *aspire-dashboard:13.0*) echo "manifest unknown" >&2; exit 1 ;; esac
            """);

        var images = (await ProcessRunner.RunAsync("bash", [Script])).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var run = await ProcessRunner.RunAsync("bash", [Script, "--pull"], environment: stubs.Environment());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the 1 image(s) above could not be pulled", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("  mcr.microsoft.com/dotnet/aspire-dashboard:13.0", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(images.Select(i => $"pull --quiet {i}"), stubs.State("calls").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The image of every container resource of the AppHost's model in Containers mode, built with <paramref name="args"/>.</summary>
    private async Task<IEnumerable<string>> AppHostImagesAsync(params string[] args)
    {
        var containers = (await BuildModelAsync(args)).Resources.Where(r => r.IsContainer()).ToList();
        Assert.Contains(containers, c => c.Name == "prometheus");
        Assert.Contains(containers, c => c.Name == "kafka-ui");
        return containers.Select(c => c.TryGetContainerImageName(out var image) ? image : throw new InvalidOperationException($"{c.Name} has no image"));
    }

    /// <summary>One spelling per image, as images.sh writes it: docker.io/library/mongo:8.0 for mongo:8.0.</summary>
    internal static string Qualify(string image)
    {
        var first = image.Split('/')[0];
        var qualified = !image.Contains('/', StringComparison.Ordinal) ? $"docker.io/library/{image}"
            : first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? image
            : $"docker.io/{image}";
        var path = qualified["docker.io/".Length..];
        return qualified.StartsWith("docker.io/", StringComparison.Ordinal) && !path.Contains('/', StringComparison.Ordinal) ? $"docker.io/library/{path}" : qualified;
    }
}
