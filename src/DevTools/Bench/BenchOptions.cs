namespace Lepton.Monitor.DevTools.Bench;

/// <summary>Options of `lepton bench`.</summary>
public sealed record BenchOptions
{
    public int Records { get; init; } = 200_000;
    public int ChunkRecords { get; init; } = 5_000;
    public int Concurrency { get; init; } = 4;
    public int OnnxBatch { get; init; } = 4_096;
    public int HalfRateSeconds { get; init; } = 10;
    public string? DataPath { get; init; }

    /// <summary>Also POST the records over loopback HTTP to the bench host (`--http`).</summary>
    public bool Http { get; init; }

    /// <summary>Also measure the Kafka path on librdkafka's mock cluster (`--kafka`).</summary>
    public bool Kafka { get; init; }

    /// <summary>Also measure the Event Hubs path on this namespace (`--event-hubs CONNECTION_STRING`); null: not measured.</summary>
    public string? EventHubsConnectionString { get; init; }

    /// <summary>The existing, empty hub (4 partitions) the Event Hubs path uses (`--event-hub NAME`).</summary>
    public string EventHubsHub { get; init; } = "lepton-bench";

    /// <summary>Records of another tenant ahead of the measured ones on the hub, so the fresh host's JIT settles first.</summary>
    public int EventHubsWarmRecords { get; init; } = 20_000;

    /// <summary>Shards of every bench tenant (`--shards N`, 1–64): monitor grains per (tenant, jurisdiction).</summary>
    public int Shards { get; init; } = 1;

    /// <summary>Extra configuration for the bench host (e.g. <c>--Lepton:Signals:Enabled false</c>), for A/B runs.</summary>
    public IReadOnlyList<string> HostArgs { get; init; } = [];
}
