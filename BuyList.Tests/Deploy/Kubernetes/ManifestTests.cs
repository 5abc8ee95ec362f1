namespace BuyList.Tests.Deploy.Kubernetes;

/// <summary>The publish manifest is what deployment tools (Aspirate) read: only the types they know.</summary>
public sealed partial class ManifestTests
{
    /// <summary>Runs the built AppHost in publish mode and returns its manifest.</summary>
    public static async Task<JsonObject> PublishManifestAsync(CancellationToken cancellationToken)
    {
        using var output = new ScratchDirectory("buylist-manifest-");
        var appHost = Path.Combine(Path.GetDirectoryName(typeof(Projects.BuyList_AppHost).Assembly.Location)!, "BuyList.AppHost.dll");
        var result = (await ProcessRunner.RunAsync("dotnet",
            [appHost, "--publisher", "manifest", "--output-path", Path.Combine(output.FullName, "manifest.json")],
            workingDirectory: RepoPaths.Combine("BuyList.AppHost"), timeout: TimeSpan.FromMinutes(2))).Succeeded();
        var json = await File.ReadAllTextAsync(Path.Combine(output.FullName, "manifest.json"), cancellationToken);
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>
    /// Merges "the manifest uses only the types Aspirate reads and no :uri expressions" with "publish mode names no
    /// loopback address and every password is a secret parameter". Everything a deployment tool makes of the manifest
    /// runs in the cluster: no container is told to reach anything on the loopback (a pod that bootstraps to
    /// <c>kafka:9092</c> and is told to reconnect to localhost reaches itself), and every password is a secret
    /// parameter, never a value written into the manifest. (Which projects and containers it has: AppHostDriftTests.)
    /// </summary>
    [Fact]
    public async Task Manifest_uses_only_types_aspirate_reads_names_no_loopback_address_and_every_password_is_a_secret_parameter()
    {
        var manifest = await PublishManifestAsync(TestContext.Current.CancellationToken);
        var resources = manifest["resources"]!.AsObject();

        string[] allowed = ["project.v0", "container.v0", "parameter.v0", "value.v0"];
        Assert.All(resources, r => Assert.Contains((string)r.Value!["type"]!, allowed));
        Assert.DoesNotContain(":uri}", manifest.ToJsonString());
        Assert.Contains("authSource=admin", (string)resources["mongodb"]!["connectionString"]!);
        Assert.True((bool)resources["mongodb-password"]!["inputs"]!["value"]!["secret"]!);

        foreach (var (name, resource) in resources)
        {
            foreach (var (key, value) in resource!["env"]?.AsObject() ?? [])
            {
                var text = value!.ToString();
                // Projects too: in the cluster each runs in a container of its own.
                Assert.False(LoopbackAddress().IsMatch(text) && !InsideTheContainer(name, key, text), $"{name}: {key}={text} names the loopback");
                Assert.False(key.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) && !IsSecretParameter(resources, text), $"{name}: {key}={text} is not a secret parameter");
            }

            var password = UserInfoPassword().Match(resource["connectionString"]?.ToString() ?? "");
            Assert.False(password.Success && !IsSecretParameter(resources, password.Groups[1].Value),
                $"{name}: the password in {resource["connectionString"]} is not a secret parameter");
        }
    }

    /// <summary>
    /// The one loopback address a container may name: KRaft's controller quorum, which in combined mode is the broker's
    /// own process (no other process is ever given it).
    /// </summary>
    private static bool InsideTheContainer(string resource, string key, string value) =>
        resource == "kafka" && key == "KAFKA_CONTROLLER_QUORUM_VOTERS" && value == $"1@localhost:{KafkaServerResource.ControllerPort}";

    private static bool IsSecretParameter(JsonObject resources, string expression) =>
        ParameterValue().Match(expression) is { Success: true } match
        && resources[match.Groups[1].Value] is JsonObject parameter
        && (string)parameter["type"]! == "parameter.v0"
        && parameter["inputs"]?["value"]?["secret"]?.GetValue<bool>() == true;

    [GeneratedRegex(@"localhost|127\.0\.0\.1|\[::1\]", RegexOptions.IgnoreCase)]
    private static partial Regex LoopbackAddress();

    [GeneratedRegex(@"^\{([A-Za-z0-9_-]+)\.value\}$")]
    private static partial Regex ParameterValue();

    /// <summary>The password of a URL's user information: <c>scheme://user:password@host</c>.</summary>
    [GeneratedRegex(@"://[^:/@]+:([^@]+)@")]
    private static partial Regex UserInfoPassword();
}
