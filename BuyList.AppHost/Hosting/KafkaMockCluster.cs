using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace BuyList.AppHost.Hosting;

/// <summary>
/// A Kafka-protocol broker on 127.0.0.1: librdkafka's mock cluster, which Confluent wrote for client tests.
/// It speaks the real wire protocol (produce, fetch, groups, offset commits) but has no CreateTopics,
/// so topics are made through <see cref="CreateTopic"/>. One implementation for the AppHost's embedded Kafka,
/// the tests and the benchmark (both link this file); it keeps everything in memory.
/// </summary>
// No access modifier: internal to the AppHost. The tests and the benchmark link this file with their part,
// BuyList.Tests/Infrastructure/KafkaMockCluster.Faults.cs (the faults they inject), which makes it public there.
#pragma warning disable IDE0040
sealed partial class KafkaMockCluster : IDisposable
#pragma warning restore IDE0040
{
    private const string Lib = "librdkafka";

    /// <summary>
    /// This class's imports resolved against the librdkafka build that needs only glibc (Debian has libsasl2.so.2, not
    /// the .so.3 the default build links); Confluent.Kafka falls back to the same build itself.
    /// </summary>
    private static readonly Lazy<IntPtr> s_library = new(() =>
    {
        var handle = NativeLibrary.Load(NativeLibraryPath());
        NativeLibrary.SetDllImportResolver(typeof(KafkaMockCluster).Assembly, (name, _, _) => name == Lib ? handle : IntPtr.Zero);
        return handle;
    });

    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private bool _disposed;

    /// <summary>A cluster of one broker (id 1).</summary>
    public KafkaMockCluster()
    {
        _ = s_library.Value;
        var conf = rd_kafka_conf_new();
        var errors = new StringBuilder(512);
        // Notices such as "No bootstrap.servers configured" concern the hosting handle, not the cluster: keep them
        // out of the AppHost's console.
        if (rd_kafka_conf_set(conf, "log_level", "4", errors, (UIntPtr)errors.Capacity) != 0)
        {
            throw new InvalidOperationException($"rd_kafka_conf_set failed: {errors}");
        }

        // A producer handle only hosts the mock cluster's thread; it never produces.
        _handle = rd_kafka_new(0, conf, errors, (UIntPtr)errors.Capacity);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {errors}");
        }

        _cluster = rd_kafka_mock_cluster_new(_handle, brokerCount: 1);
        if (_cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster))!;
    }

    /// <summary>The cluster's address list, e.g. <c>127.0.0.1:40123</c>.</summary>
    public string BootstrapServers { get; }

    public void CreateTopic(string topic, int partitions) =>
        ThrowOnError(rd_kafka_mock_topic_create(_cluster, topic, partitions, 1), $"create topic {topic}");

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            rd_kafka_mock_cluster_destroy(_cluster);
            rd_kafka_destroy(_handle);
        }
    }

    private static string NativeLibraryPath()
    {
        // The build for this OS and processor among the ones Confluent.Kafka ships (linux-x64, linux-arm64, osx-arm64, win-x64...).
        var os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : "win";
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes",
            $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}", "native");
        var candidates = OperatingSystem.IsLinux()
            ? new[] { "centos8-librdkafka.so", "librdkafka.so" }
            : OperatingSystem.IsMacOS() ? ["librdkafka.dylib"] : ["librdkafka.dll"];

        return candidates.Select(c => Path.Combine(native, c)).FirstOrDefault(File.Exists)
            ?? throw new DllNotFoundException($"No librdkafka build found in {native}.");
    }

    private static void ThrowOnError(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Mock cluster could not {what}: {(ErrorCode)error}.");
        }
    }

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_conf_new();

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int rd_kafka_conf_set(IntPtr conf, string name, string value, StringBuilder errstr, UIntPtr errstrSize);

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr rd_kafka_new(int type, IntPtr conf, StringBuilder errstr, UIntPtr errstrSize);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Lib)]
    private static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [LibraryImport(Lib)]
    private static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);
}
