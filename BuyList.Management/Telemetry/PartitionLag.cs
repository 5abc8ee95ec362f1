namespace BuyList.Management.Telemetry;

/// <summary>A partition's lag: messages on the broker not yet stored and committed by this consumer group.</summary>
public readonly record struct PartitionLag(string Topic, int Partition, long Lag);
