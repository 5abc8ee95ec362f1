using BuyList.Contracts.OpenApi;
using BuyList.Management.Messaging;
using BuyList.Management.Messaging.Consuming;
using BuyList.Management.Messaging.Startup;
using BuyList.ServiceDefaults;
using BuyList.ServiceDefaults.MongoDB;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuyList.Management;

public static class ManagementServiceExtensions
{
    /// <summary>The connection names of <c>ConnectionStrings:*</c> (DEVELOPERS.md).</summary>
    public const string KafkaConnectionName = "kafka";
    public const string MongoDBConnectionName = "mongodb";
    public const string DefaultDatabase = "buylist";

    /// <summary>The purchase consumer (Kafka to MongoDB), the store the API reads, their options, metrics and the API's document.</summary>
    public static IHostApplicationBuilder AddManagementServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("BuyList Management", "Internal: the stored purchases, read by Facing.",
            new Dictionary<string, string> { [PurchasesApi.Tag] = "The purchases Management has stored, read by Facing." });
        builder.Services.AddPurchaseOpenApi();

        var section = builder.Configuration.GetSection(PurchaseConsumerOptions.SectionName);
        builder.Services.AddValidatedOptions<PurchaseConsumerOptions, PurchaseConsumerOptionsValidator>().Bind(section);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PurchaseConsumerOptions>, DeadLetterTimeoutValidation>());
        builder.Services.AddValidatedOptions<PurchasesApiOptions, PurchasesApiOptionsValidator>().BindConfiguration(PurchasesApiOptions.SectionName);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPurchaseStore, MongoPurchaseStore>();
        builder.Services.AddSingleton<ManagementMetrics>();
        builder.Services.AddSingleton<TopicProvisioner>();
        builder.Services.AddSingleton<DeadLetterPublisher>();
        if (ApiDefaultsExtensions.IsGeneratingOpenApiDocument)
        {
            // The build is writing the OpenAPI document: it needs the endpoints only, and there is no broker or database.
            return builder;
        }

        // The group id is needed to build the consumer factory; an invalid one still fails validation at start.
        var consumerGroup = section.Get<PurchaseConsumerOptions>()?.ConsumerGroup ?? new PurchaseConsumerOptions().ConsumerGroup;
        builder.AddKafkaConsumer(KafkaConnectionName, consumerGroup);
        builder.AddKafkaProducer<string, byte[]>(KafkaConnectionName);
        builder.AddKafkaAdminClient(KafkaConnectionName);
        builder.AddMongoDBClient(MongoDBConnectionName, DefaultDatabase);
        builder.Services.AddHostedService<PurchaseConsumer>();
        return builder;
    }
}
