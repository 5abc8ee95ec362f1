using Microsoft.OpenApi;

namespace BuyList.ServiceDefaults.Api;

/// <summary>What the OpenAPI generator cannot see in a handler's signature: the body and headers the handler reads or writes itself.</summary>
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
        builder.WithResponse(status, response =>
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[name] = new OpenApiHeader
            {
                Description = description,
                Required = required,
                Schema = new OpenApiSchema { Type = type, Minimum = type == JsonSchemaType.Integer ? "0" : null },
            };
        });

    /// <summary>Documents the problem answered with <paramref name="status"/> and the <c>Retry-After</c> header that always comes with it.</summary>
    public static RouteHandlerBuilder ProducesRetryAfterProblem(this RouteHandlerBuilder builder, int status) =>
        builder.ProducesProblem(status)
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

    /// <summary>Describes the answer with <paramref name="status"/>.</summary>
    public static RouteHandlerBuilder WithResponseDescription(this RouteHandlerBuilder builder, int status, string description) =>
        builder.WithResponse(status, response => response.Description = description);

    private static RouteHandlerBuilder WithResponse(this RouteHandlerBuilder builder, int status, Action<OpenApiResponse> change) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture)) is OpenApiResponse response)
            {
                change(response);
            }

            return Task.CompletedTask;
        });
}
