using BuyList.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace BuyList.ServiceDefaults.Api;

/// <summary>
/// What the OpenAPI generator cannot see in a handler's signature: headers the handler reads or writes itself, and
/// query values bound as strings (so that a bad one is named) that are numbers in the contract.
/// </summary>
public static class OpenApiConventions
{
    /// <summary>
    /// Documents a JSON body the handler reads itself. Unlike <c>Accepts</c>, this adds no content-type constraint to
    /// the route, so a body of another type still reaches the handler and gets its ProblemDetails (415) naming the field.
    /// </summary>
    public static RouteHandlerBuilder WithJsonRequestBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), parameterDescription: null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });

    /// <summary>Documents a header of the answer with <paramref name="status"/>; <paramref name="required"/> when it is always sent.</summary>
    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder builder, int status, string name, string description,
        bool required = false, JsonSchemaType type = JsonSchemaType.String) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response is OpenApiResponse concrete)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers[name] = new OpenApiHeader
                {
                    Description = description,
                    Required = required,
                    Schema = new OpenApiSchema { Type = type, Minimum = type == JsonSchemaType.Integer ? "0" : null },
                };
            }

            return Task.CompletedTask;
        });

    /// <summary>Documents the problem answered with <paramref name="status"/> and the <c>Retry-After</c> header that always comes with it.</summary>
    public static RouteHandlerBuilder ProducesRetryAfterProblem(this RouteHandlerBuilder builder, int status) =>
        builder
            .ProducesProblem(status)
            .WithResponseHeader(status, "Retry-After", "Seconds to wait before trying again.", required: true, type: JsonSchemaType.Integer);

    /// <summary>Documents an optional request header of the form <paramref name="pattern"/>.</summary>
    public static RouteHandlerBuilder WithRequestHeader(this RouteHandlerBuilder builder, string name, string description, string pattern) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Header,
                Description = description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = pattern },
            });
            return Task.CompletedTask;
        });

    /// <summary>Documents a query value as the whole number from <paramref name="minimum"/> to <paramref name="maximum"/> it must be.</summary>
    public static RouteHandlerBuilder WithIntegerQuery(this RouteHandlerBuilder builder, string name, int minimum, int maximum, int @default, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == name && p.In == ParameterLocation.Query) is OpenApiParameter parameter)
            {
                parameter.Description = description;
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Default = @default,
                };
            }

            return Task.CompletedTask;
        });

    /// <summary>Describes the answer with <paramref name="status"/>.</summary>
    public static RouteHandlerBuilder WithResponseDescription(this RouteHandlerBuilder builder, int status, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response is OpenApiResponse concrete)
            {
                concrete.Description = description;
            }

            return Task.CompletedTask;
        });

    /// <summary>
    /// Documents a listing of <see cref="PurchaseListQuery"/> (Facing's and Management's): its route and query values,
    /// the next page's cursor header, and the 400 naming a bad value.
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
                    else if (parameter is { Name: "before", In: ParameterLocation.Query })
                    {
                        parameter.Description = $"Opaque: the {PurchaseHttpHeaders.NextCursor} header of the previous page, passed back as it is; " +
                            "leave it out for the newest page. A value that is not such a cursor is answered 400 (errors.before).";
                        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = PurchaseListQuery.MaxCursorLength };
                    }
                }

                return Task.CompletedTask;
            })
            .WithIntegerQuery("limit", 1, PurchaseListQuery.MaxLimit, PurchaseListQuery.DefaultLimit, "Purchases per page.")
            .WithResponseHeader(StatusCodes.Status200OK, PurchaseHttpHeaders.NextCursor,
                "The before value of the next page. Absent on the last page, i.e. when no purchase is older than this page's last one.")
            .ProducesValidationProblem();
}
