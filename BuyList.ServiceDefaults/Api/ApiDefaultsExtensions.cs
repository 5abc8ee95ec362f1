using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace BuyList.ServiceDefaults.Api;

/// <summary>
/// What every BuyList HTTP API shares: failures and empty error answers as ProblemDetails, and its contract as an
/// OpenAPI document (<c>docs/openapi/</c>, written by the build) with an interactive reference in Development.
/// </summary>
public static class ApiDefaultsExtensions
{
    /// <summary>
    /// True while the build runs the entry point to write the OpenAPI document (Microsoft.Extensions.ApiDescription.Server's
    /// documented way to tell): there are no brokers then, and the document needs only the endpoints, so services leave
    /// out their Kafka and MongoDB clients and background work.
    /// </summary>
    public static bool IsGeneratingOpenApiDocument { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>
    /// Problems with a <c>type</c> for every status, header values read whatever their bytes, and the OpenAPI document
    /// the service adds (<c>AddOpenApi</c>): titled, described, its tags described, every problem's members and an
    /// example of each.
    /// </summary>
    public static IHostApplicationBuilder AddApiDefaults(this IHostApplicationBuilder builder, string title, string description,
        IReadOnlyDictionary<string, string> tags)
    {
        // Numbers are JSON numbers, read and written: the document then says so too.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        // The services' only problem customization (none of them sets another).
        builder.Services.Configure<ProblemDetailsOptions>(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Type ??= ProblemTypes.For(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode));
        // Kestrel refuses a header value whose bytes outside ASCII are not UTF-8 (a Latin-1 "café") with a bare 400
        // before the app runs. Read as Latin-1 (every byte a character), the value reaches the app, which answers a bad
        // one with a problem naming the header.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel => kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1);
        builder.Services.ConfigureAll<OpenApiOptions>(options =>
        {
            options.AddDocumentTransformer((openApi, _, _) =>
            {
                openApi.Info.Title = title;
                openApi.Info.Description =
                    $"{description} There is no authentication yet: every operation is open to whoever can reach the service (`security: [{{}}]`).";
                openApi.Info.Version = "v1";
                // The repository has no licence file: say that none is granted rather than name a licence text that
                // does not exist (so no SPDX identifier or url; tools/redocly/redocly.yaml turns off the rule asking for one).
                openApi.Info.License = new OpenApiLicense { Name = "None: the project has no licence file, so no rights are granted to use it" };
                // The document describes the contract, not one deployment: paths are relative to wherever the service runs.
                openApi.Servers = [new OpenApiServer { Url = "/", Description = "Wherever the service is reached (the AppHost's endpoint, the Kubernetes Service)." }];
                // One empty requirement: no scheme is needed. (An empty list says the same, but the writer leaves it out.)
                openApi.Security = [new OpenApiSecurityRequirement()];
                foreach (var tag in openApi.Tags ?? new HashSet<OpenApiTag>())
                {
                    tag.Description = tags.GetValueOrDefault(tag.Name ?? "");
                }

                // Every problem's example, in the members it always has; the API's own transformers say more.
                foreach (var (code, response) in openApi.Paths.Values
                    .SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
                    .SelectMany(operation => operation.Responses ?? new OpenApiResponses()))
                {
                    var status = int.Parse(code, CultureInfo.InvariantCulture);
                    foreach (var media in status >= StatusCodes.Status400BadRequest ? response.Content?.Values ?? [] : [])
                    {
                        media.Example = new JsonObject
                        {
                            ["type"] = ProblemTypes.For(status),
                            ["title"] = ReasonPhrases.GetReasonPhrase(status),
                            ["status"] = status,
                            ["traceId"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                        };
                    }
                }

                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // The members ASP.NET Core writes into every problem (type through ProblemTypes).
                if (context.JsonTypeInfo.Type == typeof(ProblemDetails) || context.JsonTypeInfo.Type == typeof(HttpValidationProblemDetails))
                {
                    schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                    schema.Properties["traceId"] =
                        new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request, to find it in the traces and logs." };
                    schema.Required = new HashSet<string> { "type", "title", "status", "traceId" };
                    if (context.JsonTypeInfo.Type == typeof(HttpValidationProblemDetails))
                    {
                        schema.Required.Add("errors");
                    }
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>
    /// Whatever escapes a handler becomes a ProblemDetails without a stack trace (a bad request keeps its status: 400,
    /// 413); empty error answers (unknown route, wrong method) get a ProblemDetails body too. In Development the
    /// document and its reference page (<c>/scalar</c>) are served.
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
            app.MapOpenApi("/openapi/{documentName}.json");
            app.MapScalarApiReference("/scalar");
        }

        return app;
    }
}
