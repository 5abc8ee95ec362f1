using System.Reflection;
using BuyList.Management.Storage;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;

namespace BuyList.Tests.Unit.Management;

/// <summary>
/// How the store reports index errors at start, without a server: the driver's interfaces answer as a MongoDB that
/// refuses <c>createIndexes</c> would.
/// </summary>
public sealed class MongoPurchaseStoreSetupTests
{
    [Theory]
    [InlineData(85, "IndexOptionsConflict", true)]
    [InlineData(86, "IndexKeySpecsConflict", true)]
    [InlineData(11600, "InterruptedAtShutdown", false)]
    public async Task An_index_that_conflicts_with_an_existing_one_is_a_setup_error_and_other_command_errors_are_left_to_be_retried(
        int code, string codeName, bool isSetupError)
    {
        var store = UnreadableReports.Discarded(RefusingIndexes(code, codeName));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.InitializeAsync(TestContext.Current.CancellationToken));

        var command = Assert.IsType<MongoCommandException>(isSetupError ? Assert.IsType<PurchaseStoreSetupException>(error).InnerException : error);
        Assert.Equal(code, command.Code);
        Assert.Contains(codeName, error.Message, StringComparison.Ordinal);
    }

    private static IMongoDatabase RefusingIndexes(int code, string codeName)
    {
        var endPoint = new DnsEndPoint("mongodb", 27017);
        var error = new MongoCommandException(
            new ConnectionId(new ServerId(new ClusterId(), endPoint)),
            $"Command createIndexes failed: {codeName}.",
            new BsonDocument("createIndexes", MongoPurchaseStore.CollectionName),
            new BsonDocument { ["ok"] = 0, ["code"] = code, ["codeName"] = codeName, ["errmsg"] = codeName });

        var indexes = DriverStub.Create<IMongoIndexManager<PurchaseDocument>>(method => method.Name == "CreateManyAsync"
            ? Task.FromException<IEnumerable<string>>(error)
            : throw new NotSupportedException(method.Name));
        IMongoCollection<PurchaseDocument>? collection = null;
        collection = DriverStub.Create<IMongoCollection<PurchaseDocument>>(method => method.Name switch
        {
            "WithWriteConcern" => collection,
            "get_Indexes" => indexes,
            _ => throw new NotSupportedException(method.Name),
        });
        return DriverStub.Create<IMongoDatabase>(method => method.Name == "GetCollection" ? collection : throw new NotSupportedException(method.Name));
    }
}

/// <summary>An interface whose calls are answered by a function (of the method called).</summary>
public class DriverStub : DispatchProxy
{
    private Func<MethodInfo, object?> _answer = method => throw new NotSupportedException(method.Name);

    public static T Create<T>(Func<MethodInfo, object?> answer) where T : class
    {
        var stub = DispatchProxy.Create<T, DriverStub>();
        ((DriverStub)(object)stub)._answer = answer;
        return stub;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => _answer(targetMethod!);
}
