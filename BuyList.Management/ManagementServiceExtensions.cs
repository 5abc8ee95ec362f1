using BuyList.Management.Messaging;
using BuyList.Management.Storage;
using BuyList.Management.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BuyList.Management;

public static class ManagementServiceExtensions
{
    /// <summary>The connection names of <c>ConnectionStrings:*</c> (DEVELOPERS.md).</summary>
    public const string KafkaConnectionName = "kafka";
    public const string MongoDbConnectionName = "mongodb";
    public const string DefaultDatabase = "buylist";

    /// <summary>The purchase consumer (Kafka to MongoDB), the store the API reads, their options and metrics.</summary>
    public static IHostApplicationBuilder AddManagementServices(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(PurchasesOptions.SectionName);
        builder.Services.AddOptions<PurchasesOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PurchasesOptions>, DeadLetterTimeoutValidation>());

        // The group id is needed to build the consumer factory; an invalid one still fails validation at start.
        var consumerGroup = section.Get<PurchasesOptions>()?.ConsumerGroup ?? new PurchasesOptions().ConsumerGroup;
        builder.AddKafkaConsumer<string, byte[]>(KafkaConnectionName, consumerGroup);
        builder.AddKafkaProducer<string, byte[]>(KafkaConnectionName);
        builder.AddKafkaAdminClient(KafkaConnectionName);
        builder.AddMongoDBClient(MongoDbConnectionName, DefaultDatabase);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPurchaseStore, MongoPurchaseStore>();
        builder.Services.AddSingleton<ManagementMetrics>();
        builder.Services.AddSingleton<TopicProvisioner>();
        builder.Services.AddSingleton<DeadLetterPublisher>();
        builder.Services.AddHostedService<PurchaseConsumer>();
        return builder;
    }
}
