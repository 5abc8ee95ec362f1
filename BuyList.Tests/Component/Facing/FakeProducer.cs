using System.Reflection;
using Confluent.Kafka;

namespace BuyList.Tests.Component.Facing;

/// <summary>
/// An <see cref="IProducer{TKey,TValue}"/> whose delivery reports a test dictates, for outcomes the mock broker
/// cannot produce on cue. Facing only ever produces, and flushes on shutdown (nothing is queued in a fake); any other
/// call fails the test.
/// </summary>
public class FakeProducer : DispatchProxy
{
    private Func<Message<string, byte[]>, Task<DeliveryResult<string, byte[]>>> _produce = null!;

    public static IProducer<string, byte[]> Create(Func<Message<string, byte[]>, Task<DeliveryResult<string, byte[]>>> produce)
    {
        var producer = Create<IProducer<string, byte[]>, FakeProducer>();
        ((FakeProducer)(object)producer)._produce = produce;
        return producer;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IProducer<string, byte[]>.ProduceAsync) => _produce(args!.OfType<Message<string, byte[]>>().Single()),
        nameof(IProducer<string, byte[]>.Flush) when targetMethod.ReturnType == typeof(int) => 0,
        nameof(IDisposable.Dispose) => null,
        _ => throw new NotSupportedException($"Facing is not expected to call {targetMethod?.Name}."),
    };
}
