using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace BuyList.Facing;

public static class FacingServiceExtensions
{
    /// <summary>Publishing purchases to Kafka, reading them from Management, the API's options, metrics and document.</summary>
    public static IHostApplicationBuilder AddFacingServices(this IHostApplicationBuilder builder)
    {
        builder.AddApiDefaults("BuyList Facing", "The public purchase API: record a purchase, list a user's purchases.",
            new Dictionary<string, string> { [Buys.BuysApi.Tag] = "Purchases as a person makes and lists them." });
        builder.Services.AddPurchaseOpenApi();
        builder.AddRequestLimits();
        builder.Services.AddValidatedOptions<PurchasesOptions, PurchasesOptionsValidator>()
            .BindConfiguration(PurchasesOptions.SectionName);
        builder.Services.AddValidatedOptions<ManagementOptions, ManagementOptionsValidator>()
            .BindConfiguration(ManagementOptions.SectionName)
            .Validate(o => o.AttemptTimeout < o.TotalTimeout, "Management:AttemptTimeout must be shorter than Management:TotalTimeout.");

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FacingMetrics>();
        builder.Services.AddSingleton<PurchasePublisher>();
        // While the build writes the OpenAPI document there is no broker, and the document does not need one.
        if (!ApiDefaultsExtensions.IsGeneratingOpenApiDocument)
        {
            // The connection is ConnectionStrings:kafka; acks=all and the idempotent producer are the ServiceDefaults' defaults.
            builder.AddKafkaProducer<string, byte[]>("kafka");
            builder.Services.AddHostedService<ProducerFlush>();
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShutdownOptions>, DrainTimeoutValidation>());
        }

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, PurchaseApiJsonContext.Default));

        // The ServiceDefaults' handler waits up to 30 s; a listing should fail fast, so this client replaces it with
        // one bounded by ManagementOptions. RemoveAllResilienceHandlers is the documented way, though still marked experimental.
        // Service discovery fills Management's address from services:management:http:0.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<ManagementClient>(http => http.BaseAddress = new Uri("http://management"))
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .AddStandardResilienceHandler()
            .Configure((resilience, services) =>
            {
                var management = services.GetRequiredService<IOptions<ManagementOptions>>().Value;
                resilience.AttemptTimeout.Timeout = management.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = management.TotalTimeout;
            });

        return builder;
    }
}
