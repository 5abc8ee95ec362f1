using Microsoft.Extensions.Configuration;

namespace BuyList.AppHost.Hosting;

/// <summary>
/// Resources shaped by the AppHost's configuration (appsettings, user secrets, command line): an existing server, or a
/// container's data volume and companion UI.
/// </summary>
public static class ConfiguredResourceExtensions
{
    /// <summary>An existing server when <c>ConnectionStrings:{name}</c> is set, else null.</summary>
    public static IResourceBuilder<IResourceWithConnectionString>? ExistingConnection(this IDistributedApplicationBuilder builder, string name) =>
        string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)) ? null : builder.AddConnectionString(name);

    /// <summary><c>Kafka:DataVolume</c> keeps the broker's data; <c>Kafka:UI</c> adds Kafka UI.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> WithVolumeAndUIFrom(this IResourceBuilder<KafkaServerResource> kafka, IDistributedApplicationBuilder builder, string section)
    {
        if (builder.Configuration.GetValue<bool>($"{section}:DataVolume"))
        {
            kafka.WithDataVolume();
        }

        return builder.Configuration.GetValue<bool>($"{section}:UI") ? kafka.WithKafkaUI() : kafka;
    }

    /// <summary><c>MongoDB:DataVolume</c> keeps the databases.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> WithVolumeFrom(this IResourceBuilder<MongoDBServerResource> mongodb, IDistributedApplicationBuilder builder, string section) =>
        builder.Configuration.GetValue<bool>($"{section}:DataVolume") ? mongodb.WithDataVolume() : mongodb;
}
