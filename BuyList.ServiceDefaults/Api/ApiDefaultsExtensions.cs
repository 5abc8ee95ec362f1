using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace BuyList.ServiceDefaults.Api;

/// <summary>
/// What every BuyList HTTP API shares: failures and empty error answers as ProblemDetails, and its contract as an
/// OpenAPI document (<c>docs/openapi/</c>, written by the build) with an interactive reference in Development.
/// </summary>
public static class ApiDefaultsExtensions
{
    /// <summary>Where Development serves the document and the reference page.</summary>
    public const string OpenApiPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/scalar";

    /// <summary>
    /// True while the build runs the entry point to write the OpenAPI document (Microsoft.Extensions.ApiDescription.Server's
    /// documented way to tell): there are no brokers then, and the document needs only the endpoints, so services leave
    /// out their Kafka and MongoDB clients and background work.
    /// </summary>
    public static bool IsGeneratingOpenApiDocument { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>
    /// Problems with a <c>type</c> for every status, header values read whatever their bytes, and the OpenAPI document of
    /// the service's API: titled, described, its tags described, and its examples.
    /// </summary>
    public static IHostApplicationBuilder AddApiDefaults(this IHostApplicationBuilder builder, string title, string description,
        IReadOnlyDictionary<string, string> tags)
    {
        // Numbers are JSON numbers, read and written: the document then says so too.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.Configure<ProblemDetailsOptions>(problems =>
        {
            var customize = problems.CustomizeProblemDetails;
            problems.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                context.ProblemDetails.Type ??= ProblemTypes.For(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
            };
        });
        // Kestrel refuses a header value whose bytes outside ASCII are not UTF-8 (a Latin-1 "café") with a bare 400
        // before the app runs. Read as Latin-1 (every byte a character), the value reaches the app, which answers a bad
        // one with a problem naming the header.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1);
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = title;
                document.Info.Description = description + " " + NoAuthentication;
                document.Info.Version = "v1";
                // The repository has no licence file: say that none is granted rather than name a licence text that
                // does not exist (so no SPDX identifier or url; tools/redocly/redocly.yaml turns off the rule asking for one).
                document.Info.License = new OpenApiLicense { Name = NoLicence };
                // The document describes the contract, not one deployment: paths are relative to wherever the service runs.
                document.Servers = [new OpenApiServer { Url = "/", Description = "Wherever the service is reached (the AppHost's endpoint, the Kubernetes Service)." }];
                // One empty requirement: no scheme is needed. (An empty list says the same, but the writer leaves it out.)
                document.Security = [new OpenApiSecurityRequirement()];
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                {
                    tag.Description = tags.GetValueOrDefault(tag.Name ?? "");
                }

                return Task.CompletedTask;
            });
            options.AddSchemaTransformer<PurchaseSchemaTransformer>();
            options.AddDocumentTransformer<OpenApiExamples>();
        });
        return builder;
    }

    private const string NoLicence = "None: the project has no licence file, so no rights are granted to use it";

    private const string NoAuthentication =
        "There is no authentication yet: every operation is open to whoever can reach the service (`security: [{}]`).";

    /// <summary>
    /// Whatever escapes a handler becomes a ProblemDetails without a stack trace (a bad request keeps its status: 400,
    /// 413); empty error answers (unknown route, wrong method) get a ProblemDetails body too. In Development the
    /// document and its reference page are served.
    /// </summary>
    public static WebApplication UseApiDefaults(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();

        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi(OpenApiPath);
            app.MapScalarApiReference(ReferencePath);
        }

        return app;
    }
}
