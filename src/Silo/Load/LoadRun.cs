using System.Diagnostics;
using System.Globalization;
using Lepton.Monitor.Silo.Cli.Progress;

namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// One `lepton load` run: generates the records ahead, then sends chunk after chunk on the <see cref="RatePacer"/>'s
/// schedule (open loop: a slow answer never delays the next chunk's due time) and returns the <see cref="LoadReport"/>.
/// Both are phases of <paramref name="progress"/> ("generate ahead", "load": records acknowledged of those scheduled,
/// with rate and ETA); every second the "load" phase's status gives that second's rate, p50/p99 so far, errors and the
/// target's memory when its /metrics answers. <paramref name="log"/> gets what the run drives and where.
/// </summary>
public sealed class LoadRun(LoadOptions options, ILoadSender sender, LoadStatistics stats, TargetMemorySampler? memory, IWorkProgress progress, TextWriter log)
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
        log.WriteLine($"load: generating {readAhead:N0} of {options.TotalRecords:N0} records for tenant '{options.Tenant}' ahead of the run …");
        using (var generating = progress.Begin("generate ahead", source.ReadAheadRecords))
            await source.FillAsync(generating, ct);
        log.WriteLine($"load: {sender.Description}: {options.Rate:N0} records/s for {options.Duration.TotalSeconds:N0} s in chunks of {options.ChunkRecords:N0}"
            + (memory is null ? "" : $"; memory from {memory.Url}"));

        List<LoadSample> samples;
        var cancelled = false;
        long start;
        using (var phase = progress.Begin("load", options.TotalRecords))
        {
            start = Stopwatch.GetTimestamp();
            source.MarkStarted();
            var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var monitor = MonitorAsync(start, sending.Task, phase, ct);
            try
            {
                for (long c = 0; c < pacer.Chunks; c++)
                {
                    var chunk = await source.NextAsync(ct);
                    var due = pacer.DueTimestamp(start, c);
                    await RatePacer.WaitUntilAsync(due, ct);
                    await sender.SendAsync(chunk, due, ct);
                    phase.Report(stats.Acknowledged);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                cancelled = true;
                phase.SetStatus("stopped early; waiting for the answers outstanding …");
            }
            await sender.DrainAsync(DrainTimeout);
            sending.SetResult();
            samples = await monitor;
            phase.Report(stats.Acknowledged);
        }

        var untilLastAck = stats.LastAcknowledgedAt == 0 ? 0 : Stopwatch.GetElapsedTime(start, stats.LastAcknowledgedAt).TotalSeconds;
        var elapsed = cancelled ? Stopwatch.GetElapsedTime(start).TotalSeconds : Math.Max(options.Duration.TotalSeconds, untilLastAck);
        return LoadReport.From(sender.Description, options, stats, elapsed, source.GeneratedDuringRun, samples);
    }

    /// <summary>A sample and the phase's status at every whole second, until the sending is over and the duration has passed.</summary>
    private async Task<List<LoadSample>> MonitorAsync(long start, Task sending, IProgressPhase phase, CancellationToken ct)
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
            phase.Report(sent);
            phase.SetStatus(Status(sample));
        }
        return samples;
    }

    /// <summary>"second 3: 2,000/s, p50 1.2 ms, p99 3.4 ms, errors 0, rss 180 MiB, gc heap 40 MiB" (latencies so far).</summary>
    private string Status(LoadSample s)
    {
        var errors = stats.FailedRecords;
        var backpressure = stats.BackpressureRecords;
        var line = $"second {s.Seconds:0}: {s.Rate:N0}/s, p50 {stats.Total.PercentileMs(0.5):F1} ms, p99 {stats.Total.PercentileMs(0.99):F1} ms, errors {errors:N0}";
        if (backpressure > 0)
            line += $" + backpressure {backpressure:N0}";
        if (s.RssBytes is { } rss)
            line += $", rss {MemorySummary.Mb(rss)}";
        if (s.GcHeapBytes is { } heap)
            line += $", gc heap {MemorySummary.Mb(heap)}";
        return line;
    }
}
