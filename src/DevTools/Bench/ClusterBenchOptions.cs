using System.Globalization;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>Options of `lepton bench --cluster`.</summary>
public sealed record ClusterBenchOptions
{
    /// <summary>Records per measured configuration (`--records`).</summary>
    public int Records { get; init; } = 50_000;

    /// <summary>Records per POST (`--chunk`).</summary>
    public int ChunkRecords { get; init; } = 1_000;

    /// <summary>Concurrent posters (`--concurrency`).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Silo counts to measure, one local cluster each (`--silos 1,2,3`); shards and the all-in-ones use the largest.</summary>
    public IReadOnlyList<int> Silos { get; init; } = [1, 2, 3];

    /// <summary>Shards of the second tenant on the largest cluster (`--shards`), measured against the first tenant's 1.</summary>
    public int Shards { get; init; } = 4;

    /// <summary>infra/local/cluster.sh (`--cluster-script`); null: searched upward from the current and the program's folder.</summary>
    public string? ScriptPath { get; init; }

    /// <summary>The product every process runs: this program's own lepton.dll, so the bench measures the build it ships with.</summary>
    public string ProductDll { get; init; } = Path.Combine(AppContext.BaseDirectory, "lepton.dll");

    /// <summary>Parses `--silos 1,2,3`: positive silo counts, comma-separated.</summary>
    public static IReadOnlyList<int> ParseSilos(string text)
    {
        var counts = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 16)
                throw new ArgumentException($"--silos: '{part}' is not a silo count from 1 to 16");
            counts.Add(count);
        }
        return counts.Count > 0 ? counts : throw new ArgumentException("--silos: give at least one silo count, e.g. 1,2,3");
    }
}
