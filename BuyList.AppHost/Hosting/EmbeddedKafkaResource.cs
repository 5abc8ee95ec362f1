namespace BuyList.AppHost.Hosting;

/// <summary>
/// Kafka embedded in the AppHost: librdkafka's mock cluster (<see cref="KafkaMockCluster"/>) on 127.0.0.1, started
/// with the app and gone with it. Its connection string, the bootstrap servers, is known once it has started.
/// </summary>
public sealed class EmbeddedKafkaResource(string name, IReadOnlyDictionary<string, int> topics) : Resource(name), IResourceWithConnectionString
{
    private readonly TaskCompletionSource<string> _bootstrapServers = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Topic name to partitions, created before the resource reports Running.</summary>
    public IReadOnlyDictionary<string, int> Topics { get; } = topics;

    public ReferenceExpression ConnectionStringExpression => field ??= ReferenceExpression.Create($"{new BootstrapServersValue(this)}");

    internal void Started(string bootstrapServers) => _bootstrapServers.TrySetResult(bootstrapServers);

    internal void Failed(Exception error) => _bootstrapServers.TrySetException(error);

    /// <summary>The bootstrap servers once the cluster runs (a reference resolved only when a consumer starts).</summary>
    private sealed class BootstrapServersValue(EmbeddedKafkaResource kafka) : IValueProvider, IManifestExpressionProvider
    {
        public string ValueExpression => $"{{{kafka.Name}.bootstrapServers}}";

        public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
            await kafka._bootstrapServers.Task.WaitAsync(cancellationToken);
    }
}
