using System.Diagnostics;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace BuyList.ServiceDefaults.Kafka;

/// <summary>
/// Kafka spans following the OpenTelemetry messaging conventions, with W3C trace context and baggage carried
/// in message headers. Only names, partitions and offsets go into attributes: never a key or a payload.
/// </summary>
public static class KafkaTelemetry
{
    internal const string ActivitySourceName = "BuyList.Kafka";

    private const string TraceParentHeader = "traceparent";
    private const string TraceStateHeader = "tracestate";

    private static readonly ActivitySource s_source = new(ActivitySourceName);

    private static readonly TextMapPropagator s_propagator = new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()]);

    /// <summary>Starts the producer span for one message and writes its context into <paramref name="headers"/>.</summary>
    public static Activity? StartPublish(string topic, Headers headers)
    {
        var activity = Start("send", topic, ActivityKind.Producer);

        // The common case, a W3C span of our own and no baggage: its Id is the traceparent value, so the propagator
        // (which formats it again, and looks for baggage) is skipped.
        if (activity is { IdFormat: ActivityIdFormat.W3C, Id: { } id } && Baggage.Current.Count == 0)
        {
            SetHeader(headers, TraceParentHeader, id);
            if (activity.TraceStateString is { Length: > 0 } traceState)
            {
                SetHeader(headers, TraceStateHeader, traceState);
            }

            return activity;
        }

        s_propagator.Inject(new PropagationContext(activity?.Context ?? Activity.Current?.Context ?? default, Baggage.Current), headers, SetHeader);
        return activity;
    }

    /// <summary>Records where the broker put the message.</summary>
    public static void RecordDelivery(Activity? activity, TopicPartitionOffset position) =>
        activity?.SetTag("messaging.destination.partition.id", position.Partition.Value.ToString(CultureInfo.InvariantCulture))
            .SetTag("messaging.kafka.offset", position.Offset.Value);

    /// <summary>Marks a span as failed with the error type only (the message may quote user data).</summary>
    public static void RecordError(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error)
            .SetTag("error.type", exception is KafkaException kafka ? kafka.Error.Code.ToString() : exception.GetType().FullName);

    /// <summary>The trace context a producer wrote into a message's headers.</summary>
    internal static PropagationContext Extract(Headers? headers) =>
        headers is null ? default : s_propagator.Extract(default, headers, GetHeader);

    /// <summary>
    /// Starts the span that processes a batch (never empty). One message's span is a child of its publish span, so a
    /// purchase is one trace; a batch has many parents, so it links to each message's publish context (OpenTelemetry's
    /// convention for batch receive/process).
    /// </summary>
    public static Activity? StartProcessBatch(IReadOnlyList<ConsumeResult<string, byte[]>> batch, string consumerGroup)
    {
        if (batch is [var single])
        {
            var parent = Extract(single.Message.Headers);
            Baggage.Current = parent.Baggage;
            return Start("process", single.Topic, ActivityKind.Consumer, parent.ActivityContext)?
                .SetTag("messaging.consumer.group.name", consumerGroup)
                .SetTag("messaging.destination.partition.id", single.Partition.Value.ToString(CultureInfo.InvariantCulture))
                .SetTag("messaging.kafka.offset", single.Offset.Value);
        }

        // Without a listener no span is made: skip reading a hundred headers for links nobody records.
        if (!s_source.HasListeners())
        {
            return null;
        }

        List<ActivityLink> links = [.. batch
            .Select(message => ExtractLinkContext(message.Message.Headers))
            .Where(context => context is not null)
            .Select(context => new ActivityLink(context!.Value))];

        return Start("process", batch[0].Topic, ActivityKind.Consumer, links: links)?
            .SetTag("messaging.consumer.group.name", consumerGroup)
            .SetTag("messaging.batch.message_count", batch.Count);
    }

    /// <summary>
    /// The W3C trace context of a message, for a link: only <c>traceparent</c> and <c>tracestate</c>, parsed directly.
    /// Cheaper than the composite propagator, which also parses baggage, which a link cannot carry.
    /// </summary>
    private static ActivityContext? ExtractLinkContext(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(TraceParentHeader, out var parent) || parent is null)
        {
            return null;
        }

        var state = headers.TryGetLastBytes(TraceStateHeader, out var stateBytes) && stateBytes is not null ? Encoding.UTF8.GetString(stateBytes) : null;
        return ActivityContext.TryParse(Encoding.UTF8.GetString(parent), state, isRemote: true, out var context) ? context : null;
    }

    /// <summary>A span of <paramref name="operation"/> on <paramref name="topic"/>, with the attributes every Kafka span has; null without a listener.</summary>
    private static Activity? Start(string operation, string topic, ActivityKind kind, ActivityContext parent = default,
        IEnumerable<ActivityLink>? links = null) =>
        s_source.StartActivity($"{operation} {topic}", kind, parent, links: links)?
            .SetTag("messaging.system", "kafka")
            .SetTag("messaging.destination.name", topic)
            .SetTag("messaging.operation.type", operation)
            .SetTag("messaging.operation.name", operation);

    private static void SetHeader(Headers headers, string key, string value)
    {
        headers.Remove(key);
        headers.Add(key, Encoding.UTF8.GetBytes(value));
    }

    private static IEnumerable<string> GetHeader(Headers headers, string key) =>
        headers.TryGetLastBytes(key, out var value) && value is not null ? [Encoding.UTF8.GetString(value)] : [];
}
