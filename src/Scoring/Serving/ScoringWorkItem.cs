using System.Diagnostics;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// One queued unit for the batching loop: a fixed number of rows the loop writes features for, then hands the
/// matching slice of model output back. Completed only on the loop thread; callers' continuations run elsewhere.
/// </summary>
internal abstract class ScoringWorkItem
{
    /// <summary>When the caller queued it (<see cref="Stopwatch.GetTimestamp"/>); the batch deadline counts from the first item's.</summary>
    public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>The caller's trace context when it queued this (one per request or chunk), linked from the batch's onnx.run span.</summary>
    public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

    public abstract int Rows { get; }

    /// <summary>True when the caller gave up (cancelled); the loop skips it.</summary>
    public abstract bool IsAbandoned { get; }

    /// <summary>Writes <see cref="Rows"/> × F features.</summary>
    public abstract void WriteFeatures(FeatureExtractor extractor, Span<float> destination);

    /// <summary>Receives this item's <see cref="Rows"/> scores.</summary>
    public abstract void Complete(ReadOnlySpan<float> scores);

    public abstract void Fail(Exception error);
}
