namespace BuyList.Tests.Unit.Contracts;

/// <summary>
/// The HTTP contract as published: the OpenAPI documents in <c>docs/openapi/</c> are the ones the build writes from the
/// code, so a change of the contract always shows up as a diff of those files to review.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Theory]
    [InlineData("BuyList.Facing", "facing.json")]
    [InlineData("BuyList.Management", "management.json")]
    public void The_committed_document_is_the_one_the_build_writes(string project, string file)
    {
        var built = RepoPaths.Combine(project, "obj", file);
        var committed = RepoPaths.Combine("docs", "openapi", file);
        Assert.True(File.Exists(built), $"{built} does not exist: the build writes it (dotnet build {project}).");
        Assert.True(File.Exists(committed), $"docs/openapi/{file} is missing: cp {project}/obj/{file} docs/openapi/{file}");

        Assert.True(File.ReadAllText(built) == File.ReadAllText(committed),
            $"The API of {project} no longer matches docs/openapi/{file}. If the change is intended, review it and commit it: " +
            $"cp {project}/obj/{file} docs/openapi/{file}");
    }

    [Fact]
    public void Facing_documents_every_answer_of_its_two_routes()
    {
        var document = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("docs", "openapi", "facing.json"))).RootElement;
        var paths = document.GetProperty("paths");

        var buy = paths.GetProperty("/buy").GetProperty("post");
        Assert.Equal(["201", "400", "413", "415", "429", "503"], buy.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        Assert.Contains(buy.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.True(buy.GetProperty("responses").GetProperty("503").GetProperty("headers").TryGetProperty("Retry-After", out _));

        var list = paths.GetProperty("/getAllUserBuys/{userid}").GetProperty("get");
        Assert.Equal(["200", "400", "503"], list.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        Assert.True(list.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("X-Next-Cursor", out _));
    }
}
