using System.Globalization;
using System.Text;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// What the runtime spent over one measured phase of the bench, from its own process-wide counters: allocation, GC
/// collections and pause, thread-pool work and process CPU. Issue 18's gauges of overhead next to records/s.
/// </summary>
/// <remarks>
/// Collection counts are as <see cref="GC.CollectionCount"/> gives them: a gen1 collection counts in gen0 too, a gen2 in
/// all three. Process-wide: in the HTTP phase the loopback client's work is in the figures as well.
/// </remarks>
public sealed record RuntimeCost(
    long Records,
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    TimeSpan GcPause,
    long CompletedWorkItems,
    int ThreadPoolThreadsBefore,
    int ThreadPoolThreadsMax,
    TimeSpan ProcessCpu,
    TimeSpan Wall)
{
    /// <summary>Issue 18, item 5: at most this many bytes allocated per record on the hot path.</summary>
    public const double TargetBytesPerRecord = 300;

    /// <summary>Issue 18, item 1: at most this much process CPU per record (200,000 records/s on 2 cores).</summary>
    public const double TargetCpuMicrosPerRecord = 10;

    /// <summary>The difference of two readings, over <paramref name="records"/> records.</summary>
    /// <summary>JIT compilation inside the phase (CPU the steady state would not spend; shown, not subtracted).</summary>
    public TimeSpan JitTime { get; init; }

    public static RuntimeCost Between(RuntimeReading before, RuntimeReading after, long records, int threadPoolThreadsMax) => new(
        records,
        after.AllocatedBytes - before.AllocatedBytes,
        after.Gen0Collections - before.Gen0Collections,
        after.Gen1Collections - before.Gen1Collections,
        after.Gen2Collections - before.Gen2Collections,
        after.GcPause - before.GcPause,
        after.CompletedWorkItems - before.CompletedWorkItems,
        before.ThreadPoolThreads,
        Math.Max(threadPoolThreadsMax, Math.Max(before.ThreadPoolThreads, after.ThreadPoolThreads)),
        after.ProcessCpu - before.ProcessCpu,
        TimeSpan.FromSeconds((after.Timestamp - before.Timestamp) / (double)System.Diagnostics.Stopwatch.Frequency))
    {
        JitTime = after.JitTime - before.JitTime,
    };

    public double BytesPerRecord => PerRecord(AllocatedBytes);

    public double CpuMicrosPerRecord => PerRecord(ProcessCpu.TotalMicroseconds);

    public double WorkItemsPerRecord => PerRecord(CompletedWorkItems);

    /// <summary>GC pause as a share of the phase's wall time (the process is suspended for all of it).</summary>
    public double GcPauseShare => Wall > TimeSpan.Zero ? GcPause / Wall : 0;

    public bool MeetsAllocationTarget => BytesPerRecord <= TargetBytesPerRecord && Gen2Collections == 0;

    /// <summary>The lines printed under a phase of the bench report, indented to sit under its records/s line.</summary>
    public string Format(string indent = "  ")
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"{indent}{"process CPU per record",-38}{CpuMicrosPerRecord,12:N1} µs  ({IssueTarget.AtMost(CpuMicrosPerRecord, TargetCpuMicrosPerRecord)})");
        s.AppendLine(c, $"{indent}{"allocated per record",-38}{BytesPerRecord,12:N0} B   ({IssueTarget.AtMost(BytesPerRecord, TargetBytesPerRecord)}; {AllocatedBytes / 1048576.0:N0} MiB in all)");
        s.AppendLine(c, $"{indent}{"GCs gen0/gen1/gen2",-38}{$"{Gen0Collections}/{Gen1Collections}/{Gen2Collections}",12}     (issue 18: 0 gen2, {IssueTarget.Verdict(Gen2Collections == 0)})");
        s.AppendLine(c, $"{indent}{"GC pause",-38}{GcPause.TotalMilliseconds,12:N0} ms  ({GcPauseShare:P1} of {Wall.TotalSeconds:N2} s wall)");
        s.AppendLine(c, $"{indent}{"JIT compilation in the span",-38}{JitTime.TotalMilliseconds,12:N0} ms  ({(ProcessCpu > TimeSpan.Zero ? JitTime / ProcessCpu : 0):P1} of the process CPU)");
        s.AppendLine(c, $"{indent}{"thread-pool work items per record",-38}{WorkItemsPerRecord,12:N3}     (threads {ThreadPoolThreadsBefore} → max {ThreadPoolThreadsMax})");
        return s.ToString();
    }

    private double PerRecord(double value) => Records > 0 ? value / Records : 0;
}
