using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    /// <summary>The OpenAPI document of the service's API, titled and described.</summary>
    public static IHostApplicationBuilder AddApiDefaults(this IHostApplicationBuilder builder, string title, string description)
    {
        // Numbers are JSON numbers, read and written: the document then says so too.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = title;
                document.Info.Description = description;
                document.Info.Version = "v1";
                // The servers are wherever the service runs; the document describes the contract, not one deployment.
                document.Servers = [];
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer<PurchaseSchemaTransformer>();
        });
        return builder;
    }

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
