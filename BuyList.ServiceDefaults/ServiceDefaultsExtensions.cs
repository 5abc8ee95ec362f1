using System.Diagnostics;
using BuyList.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BuyList.ServiceDefaults;

/// <summary>
/// What every BuyList service shares: OpenTelemetry to OTLP and Prometheus, health endpoints, service discovery
/// and resilient HttpClients. Kafka and MongoDB clients are added by the services that use them.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Every check, dependencies included: for people and dashboards, not a probe.</summary>
    internal const string HealthPath = "/health";

    /// <summary>Liveness: the process answers; no check of anything outside it.</summary>
    internal const string AlivePath = "/alive";

    /// <summary>Readiness: only the checks tagged <see cref="ReadyTag"/>, i.e. what every route of the service needs.</summary>
    public const string ReadyPath = "/ready";

    /// <summary>
    /// The tag of a check that <see cref="ReadyPath"/> runs. A dependency that only some routes need stays off it: those
    /// routes answer 503 with Retry-After while it is down, which a client can act on, and the other routes keep working.
    /// </summary>
    internal const string ReadyTag = "ready";
    internal const string MetricsPath = "/metrics";

    private const string LiveTag = "live";

    /// <summary>Activity sources and meters of BuyList's own code.</summary>
    private const string OwnTelemetry = "BuyList.*";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Logs, metrics and traces to OTLP when an endpoint is configured, metrics to Prometheus too: ASP.NET Core,
        // HttpClient, the runtime and the process, BuyList's own sources and meters, MongoDB.Driver's spans (without query
        // text), and Blazor's navigation, event and circuit spans.
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddMeter(OwnTelemetry)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, OwnTelemetry, "MongoDB.Driver")
                // In Web, a purchase's trace then starts at the click on Buy rather than at the HTTP call it makes.
                .AddSource("Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits")
                .AddAspNetCoreInstrumentation(options =>
                {
                    // Probes and scrapes arrive every few seconds: tracing them would bury the purchase traces.
                    options.Filter = context => !IsInfrastructurePath(context.Request.Path);
                    // A path may carry a user id (GET /getAllUserBuys/{userid}), possibly an e-mail address: keep the route.
                    options.EnrichWithHttpResponse = (activity, _) =>
                    {
                        if (activity.GetTagItem("http.route") is string { Length: > 0 } route)
                        {
                            activity.SetTag("url.path", route);
                        }
                    };
                })
                .AddHttpClientInstrumentation(options =>
                    options.EnrichWithHttpRequestMessage = (activity, request) => RedactPath(activity, request.RequestUri)));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag, ReadyTag]);
        builder.Services.AddValidatedOptions<ShutdownOptions, ShutdownOptionsValidator>().BindConfiguration(ShutdownOptions.SectionName);
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.DrainTimeout);
        builder.Services.AddServiceDiscovery();
        builder.Services.AddProblemDetails();
        builder.Services.AddValidatedOptions<OperationsOptions, OperationsOptionsValidator>().BindConfiguration(OperationsOptions.SectionName);
        builder.Services.AddSingleton<IStartupFilter, OperationsAddressStartupFilter>();
        builder.Services.AddSingleton<IStartupFilter, ResponseHeadersStartupFilter>();
        // The Server header tells a scanner what to try and helps no client.
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Maps <c>/alive</c> (the process answers; no dependencies, for liveness probes), <c>/ready</c> (the checks tagged
    /// <see cref="ReadyTag"/>, for readiness probes), <c>/health</c> (every check, dependencies included, for people and
    /// dashboards) and <c>/metrics</c> (Prometheus text format) in every environment: Kubernetes probes and Prometheus
    /// need them in production too. With <see cref="OperationsOptions.Port"/> set they answer only on that internal
    /// port, and the public port answers them as any unknown path.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value.Port is { } operationsPort)
        {
            // By the port the connection arrived on, not RequireHost: the Host header is the caller's to choose, and
            // behind a TCP proxy (Aspire's, a port-forward) it names the proxy's port, not this one.
            app.Use((context, next) =>
            {
                if ((context.Connection.LocalPort == operationsPort) == IsInfrastructurePath(context.Request.Path))
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }

        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    /// <summary>
    /// A client span's <c>url.full</c> keeps the scheme, host and first path segment (the resource); the rest of the
    /// path (ids) is redacted, as .NET already redacts the query (<c>?*</c>).
    /// </summary>
    private static void RedactPath(Activity activity, Uri? uri)
    {
        var segments = uri is { IsAbsoluteUri: true } ? uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) : [];
        if (segments.Length >= 2 && activity.GetTagItem("url.full") is string full)
        {
            var query = full.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? full[at..] : "";
            var redacted = string.Concat(Enumerable.Repeat("/Redacted", segments.Length - 1));
            // Scheme and authority only: never user info.
            activity.SetTag("url.full", $"{uri!.Scheme}://{uri.Authority}/{segments[0]}{redacted}{query}");
        }
    }

    private static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivePath) || path.StartsWithSegments(ReadyPath)
        || path.StartsWithSegments(MetricsPath);
}
