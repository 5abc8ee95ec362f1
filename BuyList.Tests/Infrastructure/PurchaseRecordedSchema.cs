using Json.Schema;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// The Purchase v1 JSON schema, read from its file in the checkout (<c>BuyList.Contracts/Schemas/</c>), evaluated with JsonSchema.Net with formats
/// asserted (so <c>timestamp</c> must really be a date-time). Facing's tests hold what it publishes to the same schema.
/// </summary>
public static class PurchaseRecordedSchema
{
    // Built once: building registers the schema's $id, and a second registration of the same $id is refused.
    private static readonly Lazy<JsonSchema> s_schema = new(() => JsonSchema.FromText(File.ReadAllText(RepoPaths.Combine("BuyList.Contracts", "Schemas", "purchase-recorded.v1.json"))));

    public static EvaluationResults Evaluate(string json) =>
        s_schema.Value.Evaluate(JsonElement.Parse(json), new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
        });

    /// <summary>Every error of a list-format result (this schema's or any other), for assertion messages.</summary>
    public static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")));
}
