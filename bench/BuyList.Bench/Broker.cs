using System.Runtime.InteropServices;
using BuyList.Contracts;
using BuyList.AppHost.Hosting;

namespace BuyList.Bench;

/// <summary>
/// librdkafka's mock cluster as a process of its own: creates the topics Facing and Management expect (the mock has
/// no CreateTopics), prints <c>bootstrap=host:port</c> and serves until it is ended. SIGUSR1 takes the broker down
/// (connections close, requests fail), SIGUSR2 brings it back: the outages of tools/chaos/run.sh.
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
        // Raw Linux signal numbers: .NET names only the common signals.
        using var down = PosixSignalRegistration.Create((PosixSignal)SigUsr1, context => { context.Cancel = true; Switch(cluster, up: false); });
        using var up = PosixSignalRegistration.Create((PosixSignal)SigUsr2, context => { context.Cancel = true; Switch(cluster, up: true); });
        stop.Wait(Lifetime.Max(options));
        return 0;
    }

    private const int SigUsr1 = 10;
    private const int SigUsr2 = 12;

    private static void Switch(KafkaMockCluster cluster, bool up)
    {
        if (up)
        {
            cluster.SetBrokerUp();
        }
        else
        {
            cluster.SetBrokerDown();
        }

        Console.WriteLine(up ? "broker up" : "broker down");
    }
}
