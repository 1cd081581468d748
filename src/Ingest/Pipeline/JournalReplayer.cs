using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Hands a journal's unprocessed records to the dispatcher in dispatch-sized batches (taking a queue place for each,
/// so a long replay is backpressured like ingest). Used at start for the own journal (<see cref="JournalRecovery"/>)
/// and for a partition taken over from a dead api process (<see cref="JournalTakeover"/>).
/// </summary>
internal static class JournalReplayer
{
    /// <summary>
    /// Replays <paramref name="journal"/>; its records are marked processed in <paramref name="markInto"/> (null: the
    /// dispatcher's own journal). Returns how many records were replayed and the last seq.
    /// </summary>
    public static async Task<(long Records, long LastSeq)> ReplayAsync(IRecordJournal journal, IRecordJournal? markInto, RecordDispatcher dispatcher,
        int batchSize, CancellationToken ct)
    {
        var records = new List<MonitoredRecord>(batchSize);
        var sequences = new List<long>(batchSize);
        long replayed = 0, last = 0;
        await foreach (var entry in journal.ReadUnprocessedAsync(ct).WithCancellation(ct))
        {
            records.Add(entry.Record);
            sequences.Add(entry.Seq);
            last = entry.Seq;
            if (records.Count == batchSize)
                await FlushAsync();
        }
        await FlushAsync();
        return (replayed, last);

        async Task FlushAsync()
        {
            if (records.Count == 0)
                return;
            replayed += records.Count;
            using var slot = await dispatcher.AdmitAsync(ct);
            slot.Enqueue(new JournaledBatch(records.ToArray(), sequences.ToArray()) { Journal = markInto });
            records.Clear();
            sequences.Clear();
        }
    }
}
