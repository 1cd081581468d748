namespace Lepton.Monitor.Silo.Bench;

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

    /// <summary>Shards of every bench tenant (`--shards N`, 1–64): monitor grains per (tenant, jurisdiction).</summary>
    public int Shards { get; init; } = 1;

    /// <summary>Extra configuration for the bench host (e.g. <c>--Lepton:Signals:Enabled false</c>), for A/B runs.</summary>
    public IReadOnlyList<string> HostArgs { get; init; } = [];
}
