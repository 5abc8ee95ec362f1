using Json.Schema;

namespace BuyList.Tests.Component.Contract;

/// <summary>
/// A committed OpenAPI document (<c>docs/openapi/</c>) as a client reads it: what each operation answers, held against
/// real answers with a JSON Schema 2020-12 validator (JsonSchema.Net, formats asserted). Component schemas are resolved
/// by moving them under <c>$defs</c> of each schema evaluated.
/// </summary>
internal sealed class OpenApiContract(string file)
{
    private readonly JsonObject _document = JsonNode.Parse(System.IO.File.ReadAllText(RepoPaths.Combine("docs", "openapi", file)))!.AsObject();

    public static OpenApiContract Facing { get; } = new("facing.json");

    public static OpenApiContract Management { get; } = new("management.json");

    public string File => file;

    /// <summary>
    /// Fails unless <paramref name="response"/> is an answer the document gives for <paramref name="method"/>
    /// <paramref name="path"/> (a path template): a documented status, its media type and schema, every required header,
    /// and each documented header's schema.
    /// </summary>
    public async Task AssertConformsAsync(HttpResponseMessage response, string method, string path)
    {
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var where = $"{File}: {method.ToUpperInvariant()} {path} {status}";
        var responses = Operation(method, path)["responses"]!.AsObject();
        Assert.True(responses.ContainsKey(status), $"{where} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))}).");
        var documented = responses[status]!.AsObject();

        foreach (var (name, header) in documented["headers"]?.AsObject() ?? [])
        {
            var values = response.Headers.TryGetValues(name, out var found) ? found.ToList() : [];
            Assert.True(values.Count > 0 || header?["required"]?.GetValue<bool>() != true, $"{where}: the required header {name} is missing.");

            foreach (var value in values)
            {
                var schema = header!["schema"]!;
                JsonNode? instance = schema["type"]?.GetValue<string>() == "integer" && long.TryParse(value, CultureInfo.InvariantCulture, out var number)
                    ? JsonValue.Create(number)
                    : JsonValue.Create(value);
                AssertValid(schema, instance, $"{where}, header {name}: {value}");
            }
        }

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var content = documented["content"]?.AsObject();
        if (content is null)
        {
            Assert.True(body.Length == 0, $"{where} is documented without a body, but one came: {body}");
            return;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        Assert.True(mediaType is not null && content.ContainsKey(mediaType),
            $"{where}: Content-Type {mediaType} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))}).");
        AssertValid(content[mediaType]!["schema"]!, JsonNode.Parse(body), $"{where}: {body}");
    }

    /// <summary>Whether the document's request body schema of <paramref name="method"/> <paramref name="path"/> admits <paramref name="json"/>.</summary>
    public EvaluationResults EvaluateRequestBody(string method, string path, string json) =>
        Evaluate(Operation(method, path)["requestBody"]!["content"]!["application/json"]!["schema"]!, JsonNode.Parse(json));

    /// <summary>Whether the schema of the parameter <paramref name="name"/> admits <paramref name="value"/> (a string).</summary>
    public EvaluationResults EvaluateParameter(string method, string path, string name, string value) =>
        Evaluate(Operation(method, path)["parameters"]!.AsArray().Single(p => (string)p!["name"]! == name)!["schema"]!, JsonValue.Create(value));

    /// <summary>Every example of the document with the schema it illustrates, and where it is.</summary>
    public IEnumerable<(string Where, JsonNode Schema, JsonNode? Example)> Examples()
    {
        foreach (var (path, item) in _document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var media = (operation!["requestBody"]?["content"]?.AsObject() ?? []).Select(m => ($"{method} {path} request {m.Key}", m.Value!))
                    .Concat((operation["responses"]?.AsObject() ?? []).SelectMany(r =>
                        (r.Value!["content"]?.AsObject() ?? []).Select(m => ($"{method} {path} {r.Key} {m.Key}", m.Value!))));
                foreach (var (where, medium) in media)
                {
                    Assert.True(medium.AsObject().ContainsKey("example"), $"{File}: {where} has no example.");
                    yield return (where, medium["schema"]!, medium["example"]);
                }
            }
        }
    }

    public void AssertValid(JsonNode schema, JsonNode? instance, string what)
    {
        var results = Evaluate(schema, instance);
        Assert.True(results.IsValid, $"{what}\nbreaks the documented schema: {PurchaseRecordedSchema.Describe(results)}");
    }

    private JsonObject Operation(string method, string path) =>
        _document["paths"]?[path]?[method.ToLowerInvariant()]?.AsObject()
        ?? throw new Xunit.Sdk.XunitException($"{File} has no operation {method} {path}.");

    private EvaluationResults Evaluate(JsonNode schema, JsonNode? instance)
    {
        var text = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["allOf"] = new JsonArray(schema.DeepClone()),
            ["$defs"] = _document["components"]!["schemas"]!.DeepClone(),
        }.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        return JsonSchema.FromText(text).Evaluate(JsonSerializer.SerializeToElement(instance), options);
    }
}
