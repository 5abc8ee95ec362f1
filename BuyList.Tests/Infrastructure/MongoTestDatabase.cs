using MongoDB.Driver;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// A database of the test's own on the MongoDB server the tests use (<see cref="Requires.MongoDBAsync"/>), so tests
/// running side by side do not see each other's documents; dropped when the test is done.
/// </summary>
public sealed class MongoTestDatabase : IAsyncDisposable
{
    private MongoTestDatabase(MongoUrl url)
    {
        Url = url;
        Client = new MongoClient(url);
        Database = Client.GetDatabase(url.DatabaseName);
    }

    /// <summary>The server's connection string with this database in its path, as the services take it.</summary>
    public MongoUrl Url { get; }

    public string ConnectionString => Url.ToString();

    public IMongoClient Client { get; }

    public IMongoDatabase Database { get; }

    /// <summary>A new database named <paramref name="prefix"/> and a GUID (MongoDB allows 63 characters).</summary>
    public static async Task<MongoTestDatabase> CreateAsync(string prefix)
    {
        var server = await Requires.MongoDBAsync();
        var url = new MongoUrlBuilder(server) { DatabaseName = $"{prefix}-{Guid.NewGuid():N}" }.ToMongoUrl();
        return new MongoTestDatabase(url);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DropDatabaseAsync(Url.DatabaseName, CancellationToken.None);
        Client.Dispose();
    }
}
