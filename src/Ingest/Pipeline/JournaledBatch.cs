using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest;

/// <summary>Records that are durable in the journal and wait for their grains; <see cref="Sequences"/> mark them processed.</summary>
/// <param name="Processed">
/// Optional: completed by the dispatcher once the records are acknowledged by their grains or parked (streaming sources
/// commit their offsets only then; the journal replays them until the next checkpoint marks them processed). Null for
/// HTTP, whose promise ends at the durable journal.
/// </param>
public sealed record JournaledBatch(IReadOnlyList<MonitoredRecord> Records, IReadOnlyList<long> Sequences, TaskCompletionSource? Processed = null)
{
    /// <summary>
    /// The journal whose <see cref="Sequences"/> these are, when it is not the process's own: a partition taken over
    /// from a dead api process (<see cref="JournalTakeover"/>) is marked processed in that partition. Null: the own journal.
    /// </summary>
    public IRecordJournal? Journal { get; init; }

    /// <summary>
    /// The trace context of the request or message batch these records came with (the <c>ingest.submit</c> span's), for
    /// the dispatch round's span to continue or link to; default when untraced. One per batch, never per record.
    /// </summary>
    public System.Diagnostics.ActivityContext Trace { get; init; }

    /// <summary>The tenant's share of the queue this batch holds (released with the queue place when dispatch takes it).</summary>
    internal SemaphoreSlim? TenantSlot { get; init; }
}
