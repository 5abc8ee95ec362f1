using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BuyList.Contracts.OpenApi;

/// <summary>The purchase contract in an API's OpenAPI document (Facing's and Management's).</summary>
public static class PurchaseOpenApi
{
    /// <summary>
    /// The API's OpenAPI document, with the rules of the purchase types in their schemas, the contract's XML comments
    /// as descriptions, and an example of every body and problem.
    /// </summary>
    // Called here, where the contract types are, because the build adds the XML comments of the project that calls AddOpenApi and of its references.
    public static IServiceCollection AddPurchaseOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddSchemaTransformer<PurchaseSchemaTransformer>().AddDocumentTransformer(new PurchaseExamples()));

    /// <summary>
    /// Documents a listing of <see cref="PurchaseListQuery"/>: its route and query values, the next page's cursor
    /// header, and the 400 naming a bad value.
    /// </summary>
    public static RouteHandlerBuilder WithPurchaseListQuery(this RouteHandlerBuilder builder) =>
        builder
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter is { Name: "userid", In: ParameterLocation.Path })
                    {
                        parameter.Description = PurchaseRules.UserIdMessage;
                        parameter.Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            MinLength = 1,
                            MaxLength = PurchaseRules.UserIdMaxLength,
                            Pattern = PurchaseRules.UserIdPattern,
                        };
                    }
                    else if (parameter is { Name: "limit", In: ParameterLocation.Query })
                    {
                        parameter.Description = "Purchases per page.";
                        parameter.Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Integer,
                            Format = "int32",
                            Minimum = "1",
                            Maximum = PurchaseListQuery.MaxLimit.ToString(CultureInfo.InvariantCulture),
                            Default = PurchaseListQuery.DefaultLimit,
                        };
                    }
                    else if (parameter is { Name: "before", In: ParameterLocation.Query })
                    {
                        parameter.Description = $"Opaque: the {PurchaseHttpHeaders.NextCursor} header of the previous page, passed back as it is; " +
                            "leave it out for the newest page. A value that is not such a cursor is answered 400 (errors.before).";
                        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = PurchaseListQuery.MaxCursorLength };
                    }
                }

                if (operation.Responses?.GetValueOrDefault("200") is OpenApiResponse ok)
                {
                    ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    ok.Headers[PurchaseHttpHeaders.NextCursor] = new OpenApiHeader
                    {
                        Description = "The before value of the next page. Absent on the last page, i.e. when no purchase is older than this page's last one.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
                }

                return Task.CompletedTask;
            })
            .ProducesValidationProblem();
}
