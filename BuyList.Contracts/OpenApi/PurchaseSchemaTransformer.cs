using Microsoft.AspNetCore.OpenApi;

namespace BuyList.Contracts.OpenApi;

/// <summary>
/// Writes into the schemas what the generator cannot read from the types: the <see cref="PurchaseRules"/> of
/// <see cref="BuyRequest"/> and <see cref="Purchase"/> (<see cref="BuyRequest"/>'s members are nullable only so that
/// Facing can name a missing one, and a price is any decimal to .NET), the timestamp's one form, and what a problem's
/// <c>errors</c> are keyed by.
/// </summary>
internal sealed class PurchaseSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly string s_usernameDescription = string.Create(CultureInfo.InvariantCulture,
        $"1 to {PurchaseRules.UsernameMaxLength} characters (Unicode code points) of text, {PurchaseRules.TextRule}.");

    private const string ErrorsDescription =
        "The messages per thing that is wrong, keyed by its name: a member of the body (username, userid, price, or an unknown " +
        "member's own name), body (the body as a whole: not one JSON object, or too large), a header (Content-Type, " +
        "Idempotency-Key), or a route or query value (userid, limit, before).";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(BuyRequest) || type == typeof(Purchase))
        {
            ConstrainPurchase(schema);
            if (type == typeof(BuyRequest))
            {
                // Facing refuses unknown members (400 naming them).
                schema.AdditionalPropertiesAllowed = false;
            }
        }
        else if (type == typeof(HttpValidationProblemDetails))
        {
            Constrain(schema, "errors", s => s.Description = ErrorsDescription);
        }

        return Task.CompletedTask;
    }

    private static void ConstrainPurchase(OpenApiSchema schema)
    {
        Constrain(schema, "id", s => s.Pattern = PurchaseRules.UserIdPattern);
        Constrain(schema, "username", s =>
        {
            s.Type = JsonSchemaType.String;
            s.MinLength = 1;
            s.MaxLength = PurchaseRules.UsernameMaxLength;
            s.Pattern = PurchaseRules.TextPattern;
            s.Description = s_usernameDescription;
        });
        Constrain(schema, "userid", s =>
        {
            s.Type = JsonSchemaType.String;
            s.Pattern = PurchaseRules.UserIdPattern;
            s.Description ??= PurchaseRules.UserIdMessage;
        });
        Constrain(schema, "price", s =>
        {
            s.Type = JsonSchemaType.Number;
            s.Format = null;
            s.ExclusiveMinimum = "0";
            s.Maximum = PurchaseRules.MaxPrice.ToString(CultureInfo.InvariantCulture);
            s.MultipleOf = 1m / (decimal)Math.Pow(10, PurchaseRules.PriceDecimals);
        });
        Constrain(schema, "timestamp", s =>
        {
            s.Type = JsonSchemaType.String;
            s.Format = "date-time";
            s.Pattern = PurchaseTimestampConverter.Pattern;
        });
    }

    private static void Constrain(OpenApiSchema schema, string property, Action<OpenApiSchema> constrain)
    {
        if (schema.Properties?.TryGetValue(property, out var member) == true && member is OpenApiSchema concrete)
        {
            constrain(concrete);
        }
    }
}
