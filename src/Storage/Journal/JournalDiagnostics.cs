namespace Lepton.Monitor.Storage;

/// <summary>
/// A snapshot of journal counters since open. <see cref="Commits"/> below <see cref="AppendRequests"/> means
/// group commit merged concurrent requests into shared transactions.
/// </summary>
public sealed record JournalDiagnostics(
    long AppendRequests,
    long Commits,
    long RecordsAppended,
    long DuplicatesSkipped,
    long LastSequence,
    long ProcessedWatermark,
    int PendingMarkRanges);
