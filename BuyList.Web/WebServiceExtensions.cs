using BuyList.Web.FacingApi;
using BuyList.Web.Listing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuyList.Web;

public static class WebServiceExtensions
{
    /// <summary>Facing's address: service discovery fills it from <c>services:facing:http:0</c> (or <c>https:0</c>).</summary>
    public const string FacingAddress = "https+http://facing";

    /// <summary>The page's components, the Facing client and the list's options.</summary>
    public static TBuilder AddWebServices<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        builder.Services.AddOptions<PurchaseListOptions>()
            .BindConfiguration(PurchaseListOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental; it is the documented way to replace the defaults.
        builder.Services.AddHttpClient<IFacingClient, FacingClient>(http => http.BaseAddress = new(FacingAddress))
            // A person is waiting on the other side of these calls: fail with a message and a retry button rather than
            // spin. An attempt outlasts Facing's own bound on POST /buy (Kafka's message timeout, 10 s), so the page
            // shows Facing's verdict instead of "failed" for a purchase that is then recorded. Retrying POST /buy is
            // safe: each submission carries an Idempotency-Key.
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options =>
            {
                options.Retry.MaxRetryAttempts = 1;
                options.Retry.Delay = TimeSpan.FromMilliseconds(300);
                options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(12);
                options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(26);
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            });
#pragma warning restore EXTEXP0001

        return builder;
    }
}
