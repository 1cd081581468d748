using System.Diagnostics;
using System.Globalization;

namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// One `lepton load` run: generates the records ahead, then sends chunk after chunk on the <see cref="RatePacer"/>'s
/// schedule (open loop: a slow answer never delays the next chunk's due time), prints a progress line every second
/// (with the target's memory when its /metrics answers) and returns the <see cref="LoadReport"/>.
/// </summary>
public sealed class LoadRun(LoadOptions options, ILoadSender sender, LoadStatistics stats, TargetMemorySampler? memory, TextWriter output)
{
    /// <summary>How long the run waits after the last chunk for the answers still outstanding.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    public async Task<LoadReport> RunAsync(CancellationToken ct)
    {
        await sender.PrepareAsync(ct);
        var pacer = new RatePacer(options.Rate, options.ChunkRecords, options.TotalRecords);
        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..4];
        var readAhead = Math.Min(options.TotalRecords, LoadOptions.MaxReadAheadRecords);
        using var source = new ChunkSource(pacer, options.Generator(runId), readAhead);
        output.WriteLine($"load: generating {readAhead:N0} of {options.TotalRecords:N0} records for tenant '{options.Tenant}' ahead of the run …");
        await source.FillAsync(ct);
        output.WriteLine($"load: {sender.Description}: {options.Rate:N0} records/s for {options.Duration.TotalSeconds:N0} s in chunks of {options.ChunkRecords:N0}"
            + (memory is null ? "" : $"; memory from {memory.Url}"));

        var start = Stopwatch.GetTimestamp();
        source.MarkStarted();
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var monitor = MonitorAsync(start, sending.Task, ct);
        var cancelled = false;
        try
        {
            for (long c = 0; c < pacer.Chunks; c++)
            {
                var chunk = await source.NextAsync(ct);
                var due = pacer.DueTimestamp(start, c);
                await RatePacer.WaitUntilAsync(due, ct);
                await sender.SendAsync(chunk, due, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            cancelled = true;
            output.WriteLine("load: stopped early; waiting for the answers outstanding …");
        }
        await sender.DrainAsync(DrainTimeout);
        sending.SetResult();
        var samples = await monitor;

        var untilLastAck = stats.LastAcknowledgedAt == 0 ? 0 : Stopwatch.GetElapsedTime(start, stats.LastAcknowledgedAt).TotalSeconds;
        var elapsed = cancelled ? Stopwatch.GetElapsedTime(start).TotalSeconds : Math.Max(options.Duration.TotalSeconds, untilLastAck);
        return LoadReport.From(sender.Description, options, stats, elapsed, source.GeneratedDuringRun, samples);
    }

    /// <summary>A sample and a progress line at every whole second, until the sending is over and the duration has passed.</summary>
    private async Task<List<LoadSample>> MonitorAsync(long start, Task sending, CancellationToken ct)
    {
        var samples = new List<LoadSample>();
        var seconds = (int)Math.Ceiling(options.Duration.TotalSeconds);
        long previous = 0;
        for (var k = 1; ; k++)
        {
            if (sending.IsCompleted && k > seconds)
                break;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + k * Stopwatch.Frequency);
            try
            {
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, ct);
                ct.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                await sending; // stopped early: no more whole seconds
                break;
            }
            var scrape = memory?.SampleAsync(CancellationToken.None);
            var window = stats.TakeWindow();
            var sent = stats.Acknowledged;
            var sample = new LoadSample(k, sent, sent - previous, window.PercentileMs(0.99), null, null);
            if (scrape is not null && await scrape is { } m)
                sample = sample with { RssBytes = m.RssBytes, GcHeapBytes = m.GcHeapBytes };
            previous = sent;
            samples.Add(sample);
            output.WriteLine(ProgressLine(sample));
        }
        return samples;
    }

    private string ProgressLine(LoadSample s)
    {
        var errors = stats.FailedRecords;
        var backpressure = stats.BackpressureRecords;
        var line = $"{s.Seconds,5:0} s  sent {s.Sent,12:N0}  {s.Rate,9:N0}/s (avg {s.Sent / s.Seconds:N0}/s)  p50 {stats.Total.PercentileMs(0.5):F1} ms  p99 {stats.Total.PercentileMs(0.99):F1} ms  errors {errors:N0}";
        if (backpressure > 0)
            line += $" + backpressure {backpressure:N0}";
        if (s.RssBytes is { } rss)
            line += $"  rss {MemorySummary.Mb(rss)}";
        if (s.GcHeapBytes is { } heap)
            line += $"  gc heap {MemorySummary.Mb(heap)}";
        return line;
    }
}
