using System.Diagnostics;
using System.Text;
using BuyList.ServiceDefaults.Kafka;
using Confluent.Kafka;

namespace BuyList.Tests.Unit.ServiceDefaults;

/// <summary>Trace context in Kafka headers: written by the producer, read by the consumer.</summary>
public sealed class KafkaTelemetryTests
{
    /// <summary>Merges "a header without a value is no context rather than an error".</summary>
    [Fact]
    public void The_context_written_into_headers_is_read_back_and_a_header_without_a_value_is_no_context_rather_than_an_error()
    {
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var headers = new Headers();

        using (KafkaTelemetry.StartPublish("purchases", headers))
        {
        }

        Assert.True(headers.TryGetLastBytes("traceparent", out var traceparent));
        Assert.Contains(activity.TraceId.ToHexString(), Encoding.UTF8.GetString(traceparent));
        Assert.Equal(activity.TraceId, KafkaTelemetry.Extract(headers).ActivityContext.TraceId);
        // Kafka allows a header with a null value; a consumer must not stall on such a message.
        Assert.Equal(default, KafkaTelemetry.Extract(new Headers { { "traceparent", null }, { "baggage", null } }).ActivityContext);
    }
}
