using BuyList.Bench;

// One executable, one role per run; bench/run.sh starts each role as its own process and ends it by its id.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: BuyList.Bench broker|ceiling|plain|management|consumer|fill|mongo-write|chaos-load|chaos-audit [--Key value ...]");
    return 2;
}

var options = new ConfigurationBuilder().AddCommandLine(args[1..]).Build();
return args[0] switch
{
    "broker" => Broker.Run(options),
    "ceiling" => await ReferenceEndpoints.RunAsync(options, durable: false),
    "plain" => await ReferenceEndpoints.RunAsync(options, durable: true),
    "management" => await ManagementHost.RunAsync(options),
    "consumer" => await ConsumerThroughput.RunAsync(options),
    "fill" => ConsumerThroughput.Fill(options),
    "mongo-write" => await MongoBulkWrite.RunAsync(options),
    "chaos-load" => await Chaos.LoadAsync(options),
    "chaos-audit" => await Chaos.AuditAsync(options),
    _ => Usage(args[0]),
};

static int Usage(string role)
{
    Console.Error.WriteLine($"unknown role '{role}'");
    return 2;
}
