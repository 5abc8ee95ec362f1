using System.Text.Json.Nodes;
using BuyList.Tests.Infrastructure;

namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>The publish manifest is what deployment tools (Aspirate) read: only the types they know.</summary>
public sealed class ManifestTests
{
    /// <summary>Runs the built AppHost in publish mode and returns its manifest.</summary>
    public static async Task<JsonObject> PublishManifestAsync(CancellationToken cancellationToken)
    {
        var output = Directory.CreateTempSubdirectory("buylist-manifest-");
        var appHost = Path.Combine(Path.GetDirectoryName(typeof(Projects.BuyList_AppHost).Assembly.Location)!, "BuyList.AppHost.dll");
        var result = await ProcessRunner.RunAsync("dotnet",
            [appHost, "--publisher", "manifest", "--output-path", Path.Combine(output.FullName, "manifest.json")],
            workingDirectory: RepoPaths.Combine("BuyList.AppHost"), timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.Describe());
        var json = await File.ReadAllTextAsync(Path.Combine(output.FullName, "manifest.json"), cancellationToken);
        output.Delete(recursive: true);
        return JsonNode.Parse(json)!.AsObject();
    }

    [Fact]
    public async Task Manifest_uses_only_types_aspirate_reads_and_no_uri_expressions()
    {
        var manifest = await PublishManifestAsync(TestContext.Current.CancellationToken);
        var resources = manifest["resources"]!.AsObject();

        string[] allowed = ["project.v0", "container.v0", "parameter.v0", "value.v0"];
        Assert.All(resources, r => Assert.Contains((string)r.Value!["type"]!, allowed));
        Assert.DoesNotContain(":uri}", manifest.ToJsonString());

        Assert.Equal("container.v0", (string)resources["kafka"]!["type"]!);
        Assert.Equal("container.v0", (string)resources["mongodb"]!["type"]!);
        Assert.Equal(["facing", "management", "web"],
            resources.Where(r => (string)r.Value!["type"]! == "project.v0").Select(r => r.Key).Order());
        Assert.Contains("authSource=admin", (string)resources["mongodb"]!["connectionString"]!);
        Assert.True((bool)resources["mongodb-password"]!["inputs"]!["value"]!["secret"]!);
    }
}
