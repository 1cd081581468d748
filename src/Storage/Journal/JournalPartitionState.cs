namespace Lepton.Monitor.Storage;

/// <summary>A journal partition's row: its lease (holder, until, UTC ticks) and how far it is written and processed.</summary>
public sealed record JournalPartitionState(string Partition, string Holder, long LeaseUntil, long LastSeq, long ProcessedWatermark, long LastWrittenAt)
{
    /// <summary>Records journaled in the partition and not yet processed.</summary>
    public long Backlog => LastSeq - ProcessedWatermark;
}
