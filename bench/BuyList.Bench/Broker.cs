using System.Runtime.InteropServices;
using BuyList.Contracts;
using BuyList.Tests.Infrastructure;

namespace BuyList.Bench;

/// <summary>
/// librdkafka's mock cluster as a process of its own: creates the topics Facing and Management expect (the mock has
/// no CreateTopics), prints <c>bootstrap=host:port</c> and serves until it is ended.
/// </summary>
internal static class Broker
{
    public static int Run(IConfiguration options)
    {
        using var cluster = new KafkaMockCluster();
        cluster.CreateTopic(PurchaseMessaging.Topic, options.GetValue("Partitions", 6));
        cluster.CreateTopic(PurchaseMessaging.DeadLetterTopic, 1);
        Console.WriteLine($"bootstrap={cluster.BootstrapServers}");

        using var stop = new ManualResetEventSlim();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
        stop.Wait(Lifetime.Max(options));
        return 0;
    }
}
