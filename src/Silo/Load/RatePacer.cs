using System.Diagnostics;

namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// The open-loop schedule of a load run: chunk i of <see cref="ChunkRecords"/> records is due at i × chunk / rate
/// seconds after the start, whatever happened to the earlier chunks. Latency is measured from that due time, so time
/// a chunk spent waiting for the target (or for a free connection) counts: no coordinated omission.
/// </summary>
public sealed class RatePacer
{
    public RatePacer(double recordsPerSecond, int chunkRecords, long totalRecords)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkRecords);
        ArgumentOutOfRangeException.ThrowIfNegative(totalRecords);
        RecordsPerSecond = recordsPerSecond;
        ChunkRecords = chunkRecords;
        TotalRecords = totalRecords;
    }

    public double RecordsPerSecond { get; }
    public int ChunkRecords { get; }
    public long TotalRecords { get; }

    public long Chunks => (TotalRecords + ChunkRecords - 1) / ChunkRecords;

    /// <summary>Records in chunk <paramref name="chunk"/>: a full chunk, or what is left for the last one.</summary>
    public int RecordsIn(long chunk) => (int)Math.Min(ChunkRecords, TotalRecords - chunk * ChunkRecords);

    /// <summary>When chunk <paramref name="chunk"/> is due, after the start.</summary>
    public TimeSpan DueOffset(long chunk) => TimeSpan.FromSeconds(chunk * (double)ChunkRecords / RecordsPerSecond);

    /// <summary>Chunk <paramref name="chunk"/>'s due time as a <see cref="Stopwatch"/> timestamp of a run started at <paramref name="start"/>.</summary>
    public long DueTimestamp(long start, long chunk) => start + (long)(chunk * (double)ChunkRecords / RecordsPerSecond * Stopwatch.Frequency);

    /// <summary>Returns at <paramref name="timestamp"/> (a timer to the last millisecond, then a yield loop) or at once when it has passed.</summary>
    public static async Task WaitUntilAsync(long timestamp, CancellationToken ct)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (left > TimeSpan.FromMilliseconds(2))
            await Task.Delay(left - TimeSpan.FromMilliseconds(1), ct);
        while (Stopwatch.GetTimestamp() < timestamp)
        {
            ct.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}
