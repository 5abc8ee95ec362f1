using System.Runtime.InteropServices;
using Confluent.Kafka;

// The namespace of the AppHost's file this part completes (linked into the tests and the benchmark by their csproj).
namespace BuyList.AppHost.Hosting;

/// <summary>
/// The faults the tests and the benchmark inject into the mock cluster (the AppHost's embedded Kafka injects none):
/// an outage, and faults short of one, which show what an outage cannot (on the mock, an outage also ends the group
/// memberships, and refused connections fail requests at once).
/// </summary>
public sealed partial class KafkaMockCluster
{
    /// <summary>The Kafka protocol's API key of OffsetCommit.</summary>
    public const short OffsetCommitApiKey = 8;

    /// <summary>Takes a broker down: connections close and requests fail until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId = 1) =>
        ThrowOnError(rd_kafka_mock_broker_set_down(_cluster, brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId = 1) =>
        ThrowOnError(rd_kafka_mock_broker_set_up(_cluster, brokerId), $"set broker {brokerId} up");

    /// <summary>Answers the next requests of <paramref name="apiKey"/> with <paramref name="errors"/>, one request each, in order.</summary>
    public void FailNextRequests(short apiKey, params ErrorCode[] errors) =>
        rd_kafka_mock_push_request_errors_array(_cluster, apiKey, (nuint)errors.Length, [.. errors.Select(e => (int)e)]);

    /// <summary>Delays every response of a broker by <paramref name="rtt"/>, like a broker that is slow or unreachable without refusing.</summary>
    public void SetBrokerRoundTrip(TimeSpan rtt, int brokerId = 1) =>
        ThrowOnError(rd_kafka_mock_broker_set_rtt(_cluster, brokerId, (int)rtt.TotalMilliseconds), $"delay broker {brokerId}");

    [LibraryImport(Lib)]
    private static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [LibraryImport(Lib)]
    private static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, nuint count, int[] errors);

    [LibraryImport(Lib)]
    private static partial int rd_kafka_mock_broker_set_rtt(IntPtr cluster, int brokerId, int rttMs);
}
