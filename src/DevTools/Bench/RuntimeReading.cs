using System.Diagnostics;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>One reading of the runtime's process-wide counters; two of them make a <see cref="RuntimeCost"/>.</summary>
public readonly record struct RuntimeReading(
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    TimeSpan GcPause,
    long CompletedWorkItems,
    int ThreadPoolThreads,
    TimeSpan ProcessCpu,
    long Timestamp)
{
    /// <summary>Time the JIT spent compiling, all threads (tier-1 recompilation in a span means it is not steady yet).</summary>
    public TimeSpan JitTime { get; init; }

    public static RuntimeReading Take()
    {
        using var process = Process.GetCurrentProcess();
        return new RuntimeReading(
            // Precise: the imprecise figure lags by what the allocation contexts have not handed back yet.
            GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration(),
            ThreadPool.CompletedWorkItemCount,
            ThreadPool.ThreadCount,
            process.TotalProcessorTime,
            Stopwatch.GetTimestamp())
        {
            JitTime = System.Runtime.JitInfo.GetCompilationTime(currentThread: false),
        };
    }
}
