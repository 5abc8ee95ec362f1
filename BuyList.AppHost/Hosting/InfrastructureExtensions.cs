using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuyList.AppHost.Hosting;

/// <summary>What runs Kafka and MongoDB when no connection string names an existing server (<c>Infrastructure:Mode</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when the container runtime answers, else embedded.</summary>
    Auto,

    /// <summary>The real Kafka and MongoDB containers; never falls back (Aspire shows "Runtime unhealthy" without Docker).</summary>
    Containers,

    /// <summary>In the AppHost's process and beside it: librdkafka's mock cluster and the MongoDB emulator, in memory.</summary>
    Embedded,
}

/// <summary>The mode in force and why, as the console and the dashboard say it.</summary>
public sealed record InfrastructureChoice(InfrastructureMode Mode, string Reason);

/// <summary>
/// What runs Kafka and MongoDB, from the AppHost's configuration (appsettings, user secrets, command line): an existing
/// server when a connection string names one; else the infrastructure chosen once per AppHost, from
/// <c>Infrastructure:Mode</c> and, for <c>Auto</c>, the machine (<see cref="MachineProbe"/>, taken from the builder's
/// services), its choice logged when the app starts; and a container's data volume and companion UI.
/// </summary>
public static class InfrastructureExtensions
{
    public const string ModeKey = "Infrastructure:Mode";

    /// <summary>An existing server when <c>ConnectionStrings:{name}</c> is set, else null.</summary>
    public static IResourceBuilder<IResourceWithConnectionString>? ExistingConnection(this IDistributedApplicationBuilder builder, string name) =>
        string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)) ? null : builder.AddConnectionString(name);

    /// <summary>Whether Kafka and MongoDB run embedded: asked only where no connection string names a server.</summary>
    public static bool RunsEmbedded(this IDistributedApplicationBuilder builder) =>
        builder.Infrastructure().Mode == InfrastructureMode.Embedded;

    /// <summary>The choice, made (and its log line registered) on the first call.</summary>
    public static InfrastructureChoice Infrastructure(this IDistributedApplicationBuilder builder)
    {
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(InfrastructureChoice))?.ImplementationInstance is InfrastructureChoice chosen)
        {
            return chosen;
        }

        var choice = Choose(builder);
        builder.Services.AddSingleton(choice);
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            Action<ILogger, string> log = choice.Mode == InfrastructureMode.Embedded ? AppHostLog.Embedded : AppHostLog.Containers;
            log(e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(AppHostLog.InfrastructureCategory), choice.Reason);
            return Task.CompletedTask;
        });
        return choice;
    }

    /// <summary>The machine probe in the builder's services: this machine's, unless one was registered before.</summary>
    public static MachineProbe Machine(this IDistributedApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(new MachineProbe());
        return (MachineProbe)builder.Services.Last(d => d.ServiceType == typeof(MachineProbe)).ImplementationInstance!;
    }

    /// <summary><c>Kafka:DataVolume</c> keeps the broker's data; <c>Kafka:UI</c> adds Kafka UI.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> WithVolumeAndUIFrom(this IResourceBuilder<KafkaServerResource> kafka, IDistributedApplicationBuilder builder, string section)
    {
        var withVolume = builder.Configuration.GetValue<bool>($"{section}:DataVolume") ? kafka.WithDataVolume() : kafka;
        return builder.Configuration.GetValue<bool>($"{section}:UI") ? withVolume.WithKafkaUI() : withVolume;
    }

    /// <summary><c>MongoDB:DataVolume</c> keeps the databases.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> WithVolumeFrom(this IResourceBuilder<MongoDBServerResource> mongodb, IDistributedApplicationBuilder builder, string section) =>
        builder.Configuration.GetValue<bool>($"{section}:DataVolume") ? mongodb.WithDataVolume() : mongodb;

    private static InfrastructureChoice Choose(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ModeKey] is { Length: > 0 } value
            ? Enum.TryParse<InfrastructureMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) ? mode
                : throw new InvalidOperationException($"{ModeKey} is '{value}': use Auto, Containers or Embedded.")
            : InfrastructureMode.Auto;

        return configured switch
        {
            _ when builder.ExecutionContext.IsPublishMode => new(InfrastructureMode.Containers, "a published model describes what a deployment runs"),
            InfrastructureMode.Auto => builder.Machine().FindContainerRuntimeProblem() is { } problem
                ? new(InfrastructureMode.Embedded, $"{ModeKey}=Auto and no healthy container runtime: {problem}")
                : new(InfrastructureMode.Containers, $"{ModeKey}=Auto and the container runtime answers"),
            _ => new(configured, $"{ModeKey}={configured}"),
        };
    }
}
