namespace Lepton.Monitor.DevTools.Bench;

/// <summary>Options of `lepton bench --scoring`.</summary>
public sealed record ScoringBenchOptions
{
    /// <summary>Caller batch sizes of the service grid.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 8, 64, 512, 4096];

    /// <summary>Service MaxWait settings of the grid, in milliseconds.</summary>
    public IReadOnlyList<int> MaxDelaysMs { get; init; } = [0, 1, 2];

    /// <summary>Concurrent callers of the service (each awaits its call, then makes the next).</summary>
    public int Callers { get; init; } = 8;

    /// <summary>Measured time per grid cell (after a short warm-up).</summary>
    public TimeSpan CellDuration { get; init; } = TimeSpan.FromMilliseconds(400);
}
