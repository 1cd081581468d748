using System.Diagnostics;

namespace Lepton.Monitor.DeviceCheck;

/// <summary>Rows per second of a repeated action: three warm-up runs (plans, heuristics, JIT), then runs until the cell's time is up.</summary>
public static class Throughput
{
    public static double Measure(Action run, int rows, TimeSpan cell)
    {
        for (var i = 0; i < 3; i++)
            run();
        long done = 0;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(cell.TotalSeconds * Stopwatch.Frequency);
        do
        {
            run();
            done += rows;
        } while (Stopwatch.GetTimestamp() < stopAt);
        return done / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Rows per second through the batching service: <paramref name="callers"/> concurrent callers, each submitting <paramref name="rows"/> pre-built rows at a time.</summary>
    public static async Task<double> MeasureServiceAsync(Func<ReadOnlyMemory<float>, ValueTask<float[]>> score, ReadOnlyMemory<float> rows, int rowCount, int callers, TimeSpan cell)
    {
        async Task<long> RunAsync(TimeSpan duration)
        {
            var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            long done = 0;
            await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
            {
                long mine = 0;
                do
                {
                    await score(rows);
                    mine += rowCount;
                } while (Stopwatch.GetTimestamp() < stopAt);
                Interlocked.Add(ref done, mine);
            })));
            return done;
        }
        await RunAsync(TimeSpan.FromMilliseconds(200)); // warm-up
        var started = Stopwatch.GetTimestamp();
        var total = await RunAsync(cell);
        return total / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
