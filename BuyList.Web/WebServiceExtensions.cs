using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;

namespace BuyList.Web;

public static class WebServiceExtensions
{
    /// <summary>The page's components, the Facing client and their options.</summary>
    public static TBuilder AddWebServices<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        builder.Services.AddValidatedOptions<PagingAndPollingOptions, PagingAndPollingOptionsValidator>().BindConfiguration(PagingAndPollingOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddValidatedOptions<FacingOptions, FacingOptionsValidator>()
            .BindConfiguration(FacingOptions.SectionName)
            .Validate(o => o.AttemptTimeout < o.TotalTimeout, "Facing:AttemptTimeout must be shorter than Facing:TotalTimeout.")
            .Validate(o => o.AttemptTimeout * 2 <= FacingOptions.CircuitSampling, "Facing:AttemptTimeout must be at most half the circuit breaker's sampling duration.");

        // A person is waiting on the other side of these calls: fail with a message and a retry button rather than
        // spin. Retrying POST /buy is safe: each submission carries an Idempotency-Key.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental; it is the documented way to replace the defaults.
        // Service discovery fills Facing's address from services:facing:http:0 (or https:0).
        builder.Services.AddHttpClient<IFacingClient, FacingClient>(http => http.BaseAddress = new("https+http://facing"))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler()
            .Configure((resilience, services) =>
            {
                var facing = services.GetRequiredService<IOptions<FacingOptions>>().Value;
                resilience.Retry.MaxRetryAttempts = 1;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(300);
                resilience.AttemptTimeout.Timeout = facing.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = facing.TotalTimeout;
                resilience.CircuitBreaker.SamplingDuration = FacingOptions.CircuitSampling;
            });
#pragma warning restore EXTEXP0001

        return builder;
    }
}
