using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Confluent.Kafka;

namespace BuyList.Tests.EndToEnd.AppHost;

/// <summary>
/// The AppHost as <c>dotnet run</c> starts it on a machine with Docker: Kafka and MongoDB in their containers (no
/// connection strings given), and the opt-in local Prometheus container. Started once for the tests that share it,
/// and only by a test that has checked <see cref="Requires.Docker"/>: Aspire.Hosting.Testing refuses to start a model
/// with containers while Docker is unhealthy.
/// </summary>
public sealed class ContainerAppHost : IAsyncDisposable
{
    /// <summary>Image pulls on a fresh runner (Kafka, MongoDB, Prometheus, Aspire's tunnel proxy) take most of it.</summary>
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(10);

    private static readonly string[] s_resources = ["kafka", "mongodb", "management", "facing", "web", "prometheus"];

    private readonly CancellationTokenSource _stop = new();
    private readonly Lazy<Task<DistributedApplication>> _app;

    public ContainerAppHost() => _app = new(StartAsync);

    /// <summary>The running app, once every resource is healthy and Management has created its topics.</summary>
    public Task<DistributedApplication> AppAsync() => _app.Value;

    /// <summary>Topic name to partition count, as the Kafka container reports them.</summary>
    public static async Task<Dictionary<string, int>> TopicsAsync(DistributedApplication app, CancellationToken cancellationToken) =>
        await TopicsAsync(await app.GetConnectionStringAsync("kafka", cancellationToken)
            ?? throw new InvalidOperationException("The kafka resource has no connection string."), cancellationToken);

    /// <summary>Topic name to partition count, as the broker at <paramref name="bootstrap"/> reports them.</summary>
    public static async Task<Dictionary<string, int>> TopicsAsync(string bootstrap, CancellationToken cancellationToken)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var metadata = await Task.Run(() => admin.GetMetadata(TimeSpan.FromSeconds(10)), cancellationToken);
        return metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic, t => t.Partitions.Count);
    }

    /// <summary>Management's <c>Purchases</c> settings as it ships them (BuyList.Management/appsettings.json).</summary>
    public static JsonNode ManagementPurchasesSettings() =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("BuyList.Management", "appsettings.json")))!["Purchases"]!;

    private async Task<DistributedApplication> StartAsync()
    {
        using var start = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        start.CancelAfter(s_startTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.BuyList_AppHost>(
        [
            "--Prometheus:Enabled=true",
            // Given, so the run neither generates one nor saves it in the developer's user secrets.
            $"--Parameters:mongodb-password={Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}",
        ], start.Token);
        Assert.Contains(builder.Resources, r => r is ContainerResource && r.Name == "kafka");
        Assert.Contains(builder.Resources, r => r is ContainerResource && r.Name == "mongodb");

        var app = await builder.BuildAsync(start.Token);
        try
        {
            await app.StartAsync(start.Token);
            foreach (var resource in s_resources)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, start.Token);
            }

            // Nothing is produced before Management has created the topics (the broker would auto-create them with
            // its own default of one partition).
            var purchases = ManagementPurchasesSettings();
            string[] topics = [(string)purchases["Topic"]!, (string)purchases["DeadLetterTopic"]!];
            await Eventually.ReturnsAsync(() => TopicsAsync(app, start.Token), existing => topics.All(existing.ContainsKey),
                "Management has created its topics", s_startTimeout, TimeSpan.FromSeconds(1),
                existing => string.Join(", ", existing.Keys));

            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_app.IsValueCreated)
        {
            try
            {
                await (await _app.Value).DisposeAsync();
            }
            catch (Exception) when (_app.Value.IsFaulted || _app.Value.IsCanceled)
            {
                // The start failed; the test that awaited it has reported why.
            }
        }

        _stop.Dispose();
    }
}
