using System.Runtime.CompilerServices;

namespace Lepton.Monitor.Storage;

/// <summary>
/// <see cref="IRecordJournal.ReadUnprocessedAsync"/> over payload blocks, for every backend: reads blocks in short
/// batches (the backend's query, one read transaction each) from just above the watermark to the seq committed at
/// the call, and yields their records in seq order.
/// </summary>
internal static class JournalBlockReplay
{
    public const int BatchSize = 1_000;
    public const int BlocksPerRead = 256;

    /// <summary>
    /// Reads batches through <paramref name="readBatch"/> (arguments: after, upTo, the batch to fill with up to
    /// <see cref="BatchSize"/> records via <see cref="AddBlock"/>; blocks ordered by last seq, at most <see cref="BlocksPerRead"/>).
    /// </summary>
    public static async IAsyncEnumerable<JournaledRecord> ReadAsync(long after, long upTo,
        Func<long, long, List<JournaledRecord>, CancellationToken, Task> readBatch, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var batch = new List<JournaledRecord>(BatchSize);
        while (after < upTo)
        {
            ct.ThrowIfCancellationRequested();
            batch.Clear();
            await readBatch(after, upTo, batch, ct).ConfigureAwait(false);
            if (batch.Count == 0)
                yield break;
            foreach (var item in batch)
                yield return item;
            after = batch[^1].Seq;
        }
    }

    /// <summary>Adds the block's records above <paramref name="after"/> and up to <paramref name="upTo"/> (a block may straddle the watermark).</summary>
    public static void AddBlock(List<JournaledRecord> batch, long firstSeq, long lastSeq, byte[] payloads, long after, long upTo)
    {
        var records = RecordCodec.DecodeBlock(payloads, checked((int)(lastSeq - firstSeq + 1)));
        for (var i = 0; i < records.Length; i++)
        {
            var seq = firstSeq + i;
            if (seq > after && seq <= upTo)
                batch.Add(new JournaledRecord(seq, records[i]));
        }
    }
}
