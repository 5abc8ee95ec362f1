using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BuyList.Facing.Limits;

/// <summary>Applies <see cref="RequestLimitsOptions"/>: Kestrel's header limits, forwarded addresses, the buy rate limit.</summary>
public static class RequestLimitsExtensions
{
    /// <summary>The rate-limiting policy of <c>POST /buy</c>.</summary>
    public const string BuyPolicy = "buy";

    public static IHostApplicationBuilder AddRequestLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RequestLimitsOptions, RequestLimitsOptionsValidator>()
            .BindConfiguration(RequestLimitsOptions.SectionName)
            .Validate(o => o.TrustedProxies.All(p => IPAddress.TryParse(p, out _)), "Limits:TrustedProxies must be IP addresses.");

        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.Value.MaxRequestHeadersTotalBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.Value.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestBodySize = RequestLimitsOptions.MaxServerBodyBytes;
        });

        // After ASPNETCORE_FORWARDEDHEADERS_ENABLED's setup, which trusts every sender (empty lists mean anyone):
        // the configured proxies only, and with none configured the headers are not read at all.
        builder.Services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<RequestLimitsOptions>>((forwarded, limits) =>
        {
            var proxies = limits.Value.TrustedProxies;
            forwarded.ForwardedHeaders = proxies.Length == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the obsolete list is still consulted, and holds loopback by default
            forwarded.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            forwarded.KnownProxies.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(BuyPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.RateLimitPermits, Window = limits.RateLimitWindow, QueueLimit = 0 });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : (int)Math.Ceiling(http.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value.RateLimitWindow.TotalSeconds);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem($"This client has posted too many purchases in a short time. Retry after {seconds} s.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many purchases.").ExecuteAsync(http);
            };
        });
        return builder;
    }

    /// <summary>
    /// The client's address from the trusted proxies' <c>X-Forwarded-For</c> only, then the buy rate limit when it is on.
    /// Off, the rate limiter is left out of the pipeline: it would still take a no-op lease and record its metrics for
    /// every request (its cost: docs/performance.md, "Facing's CPU"). The limit is read once, at start.
    /// </summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<IOptions<RequestLimitsOptions>>().Value.RateLimitEnabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }
}
