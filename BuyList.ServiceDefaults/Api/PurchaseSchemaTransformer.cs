using System.Globalization;
using BuyList.Contracts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BuyList.ServiceDefaults.Api;

/// <summary>
/// Writes <see cref="PurchaseRules"/> into the schemas of <see cref="BuyRequest"/> and <see cref="Purchase"/>, which
/// the generator cannot read from the types: <see cref="BuyRequest"/>'s members are nullable only so that Facing can
/// name a missing one, and a price is any decimal to .NET.
/// </summary>
internal sealed class PurchaseSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(BuyRequest) && context.JsonTypeInfo.Type != typeof(Purchase))
        {
            return Task.CompletedTask;
        }

        Constrain(schema, "id", s => s.Pattern = PurchaseRules.UserIdPattern);
        Constrain(schema, "username", s =>
        {
            s.Type = JsonSchemaType.String;
            s.MinLength = 1;
            s.MaxLength = PurchaseRules.UsernameMaxLength;
            s.Pattern = @"\S";
        });
        Constrain(schema, "userid", s =>
        {
            s.Type = JsonSchemaType.String;
            s.Pattern = PurchaseRules.UserIdPattern;
        });
        Constrain(schema, "price", s =>
        {
            s.Type = JsonSchemaType.Number;
            s.Format = null;
            s.ExclusiveMinimum = "0";
            s.Maximum = PurchaseRules.MaxPrice.ToString(CultureInfo.InvariantCulture);
            s.MultipleOf = 1m / (decimal)Math.Pow(10, PurchaseRules.PriceDecimals);
        });
        return Task.CompletedTask;
    }

    private static void Constrain(OpenApiSchema schema, string property, Action<OpenApiSchema> constrain)
    {
        if (schema.Properties?.TryGetValue(property, out var member) == true && member is OpenApiSchema concrete)
        {
            constrain(concrete);
        }
    }
}
