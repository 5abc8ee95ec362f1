using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuyList.Web.FacingApi;

/// <summary>The part of a ProblemDetails answer the page shows.</summary>
public sealed record FacingProblem(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("errors")] Dictionary<string, string[]>? Errors);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FacingProblem))]
internal sealed partial class FacingProblemJsonContext : JsonSerializerContext;
