namespace BuyList.AppHost.Hosting;

/// <summary>
/// The embedded MongoDB of <c>Infrastructure:Mode=Embedded</c>: <c>node tools/mongo-emulator/server.mjs</c> as an
/// executable resource with its logs in the dashboard, after an <c>npm ci</c> resource when its packages are not
/// installed; healthy by the same <c>ping</c> as the container.
/// </summary>
public static class MongoEmulatorHostingExtensions
{
    /// <summary>What the mongodb resource says when it cannot run the emulator.</summary>
    public const string NodeMissingMessage =
        "Embedded MongoDB needs Node.js 20+ (or Docker for the real container); set ConnectionStrings:mongodb to use an existing server";

    public static IResourceBuilder<IResourceWithConnectionString> AddMongoEmulator(this IDistributedApplicationBuilder builder, string name, string databaseName)
    {
        if (builder.Machine().FindNodeProblem() is { } problem)
        {
            return builder.AddUnavailableServer(name, $"{NodeMissingMessage} ({problem}).");
        }

        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "tools", "mongo-emulator"));
        var embedded = builder.EmbeddedProperty();
        var mongo = new MongoEmulatorResource(name, directory, databaseName);
        var emulator = builder.AddResource(mongo)
            // A port of its own behind Aspire's proxy; the emulator is told the one it listens on.
            .WithEndpoint(name: MongoEmulatorResource.PrimaryEndpointName, scheme: "tcp")
            .WithArgs("server.mjs", mongo.PrimaryEndpoint.Property(EndpointProperty.TargetPort))
            .WithUrlForEndpoint(MongoEmulatorResource.PrimaryEndpointName, url => url.DisplayText = "MongoDB emulator (in memory, not MongoDB)")
            .OnBeforeResourceStarted((resource, e, _) => e.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(resource,
                s => s with { Properties = [.. s.Properties, embedded] }))
            .WithMongoDBHealthCheck();

        if (!File.Exists(Path.Combine(directory, "node_modules", "@push.rocks", "smartmongo", "package.json")))
        {
            // The packages the lock file pins, patched by their postinstall (tools/mongo-emulator/README.md).
            var install = builder.AddExecutable($"{name}-install", "npm", directory, "ci", "--no-audit", "--no-fund")
                .WithParentRelationship(emulator);
            emulator.WaitForCompletion(install);
        }

        return emulator;
    }

    private static IResourceBuilder<UnavailableServerResource> AddUnavailableServer(this IDistributedApplicationBuilder builder, string name, string reason) =>
        builder.AddResource(new UnavailableServerResource(name, reason))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "MongoDB (embedded)",
                State = KnownResourceStates.NotStarted,
                Properties = [new(EmbeddedKafkaHostingExtensions.InfrastructureProperty, reason)],
            })
            .OnInitializeResource(async (resource, e, _) =>
            {
                AppHostLog.Unavailable(e.Logger, resource.Reason);
                AppHostLog.Unavailable(e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(AppHostLog.InfrastructureCategory), resource.Reason);
                await e.Notifications.PublishUpdateAsync(resource, s => s with { State = new(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error) });
            });
}
