namespace Lepton.Monitor.Drift.Benchmarks;

/// <summary>Costs measured by <see cref="DriftBenchmark.Run"/>.</summary>
public sealed record DriftBenchmarkResult(
    int Features,
    int Records,
    double NanosecondsPerRecordObserve,
    double NanosecondsPerRecordObserveBatch,
    double MicrosecondsPerCheck,
    int SummaryMemoryBytes,
    int SnapshotBytes)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"drift: {Features} features, {Records} records — Observe {NanosecondsPerRecordObserve:0} ns/record, ObserveBatch {NanosecondsPerRecordObserveBatch:0} ns/record, Check {MicrosecondsPerCheck:0.0} µs, window state {SummaryMemoryBytes} B, snapshot {SnapshotBytes} B");
}
