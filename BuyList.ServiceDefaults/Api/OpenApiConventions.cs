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

    /// <summary>Documents a header of the answer with <paramref name="status"/>.</summary>
    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder builder, int status, string name, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response is OpenApiResponse concrete)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers[name] = new OpenApiHeader
                {
                    Description = description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }

            return Task.CompletedTask;
        });

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

    /// <summary>Describes a query or route value.</summary>
    public static RouteHandlerBuilder WithParameterDescription(this RouteHandlerBuilder builder, string name, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == name) is OpenApiParameter parameter)
            {
                parameter.Description = description;
            }

            return Task.CompletedTask;
        });

    /// <summary>
    /// Documents a listing of <see cref="PurchaseListQuery"/> (Facing's and Management's): its route and query values,
    /// the next page's cursor header, and the 400 naming a bad value.
    /// </summary>
    public static RouteHandlerBuilder WithPurchaseListQuery(this RouteHandlerBuilder builder) =>
        builder
            .WithParameterDescription("userid", PurchaseRules.UserIdMessage)
            .WithIntegerQuery("limit", 1, PurchaseListQuery.MaxLimit, PurchaseListQuery.DefaultLimit, "Purchases per page.")
            .WithParameterDescription("before", $"The {PurchaseHttpHeaders.NextCursor} of the previous page; none for the newest.")
            .WithResponseHeader(StatusCodes.Status200OK, PurchaseHttpHeaders.NextCursor, "The before value of the next page; absent on the last page.")
            .ProducesValidationProblem();
}
