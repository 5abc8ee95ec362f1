using MongoDB.Driver;

namespace BuyList.Tests.Infrastructure;

/// <summary>
/// A database of the test's own on the MongoDB server the tests use (<see cref="Requires.MongoDBAsync"/>), so tests
/// running side by side do not see each other's documents; dropped when the test is done.
/// </summary>
public sealed class MongoTestDatabase(MongoUrl url) : IAsyncDisposable
{
    private readonly MongoClient _client = new(url);

    public MongoUrl Url => url;

    /// <summary>The server's connection string with this database in its path, as the services take it.</summary>
    public string ConnectionString => url.ToString();

    public IMongoClient Client => _client;

    public IMongoDatabase Database => _client.GetDatabase(url.DatabaseName);

    /// <summary>A new database named <paramref name="prefix"/> and a GUID (MongoDB allows 63 characters).</summary>
    public static async Task<MongoTestDatabase> CreateAsync(string prefix)
    {
        var server = await Requires.MongoDBAsync();
        return new MongoTestDatabase(new MongoUrlBuilder(server) { DatabaseName = $"{prefix}-{Guid.NewGuid():N}" }.ToMongoUrl());
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DropDatabaseAsync(url.DatabaseName, CancellationToken.None);
        _client.Dispose();
    }
}
