using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace BuyList.Tests.Infrastructure;

/// <summary>Faults of single requests, for what a broker outage cannot show (on the mock, an outage also ends group memberships).</summary>
public sealed partial class KafkaMockCluster
{
    /// <summary>The Kafka protocol's API key of OffsetCommit.</summary>
    public const short OffsetCommitApiKey = 8;

    /// <summary>Answers the next requests of <paramref name="apiKey"/> with <paramref name="errors"/>, one request each, in order.</summary>
    public void FailNextRequests(short apiKey, params ErrorCode[] errors) =>
        rd_kafka_mock_push_request_errors_array(_cluster, apiKey, (nuint)errors.Length, [.. errors.Select(e => (int)e)]);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, nuint count, int[] errors);
}
