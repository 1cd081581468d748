namespace Lepton.Monitor.Storage;

/// <summary>
/// The journal's partition lease was taken by another process (it took the entries over, believing this one dead):
/// the journal fails closed — no more appends or marks — so two processes never write one partition. Restart the process.
/// </summary>
public sealed class JournalPartitionLostException(string partition, string? holder)
    : InvalidOperationException($"journal partition '{partition}' is no longer leased to this process (now held by '{holder ?? "nobody"}'): " +
        "it was taken over after a missed lease renewal; this journal refuses further writes, restart the process")
{
    public string Partition { get; } = partition;
}
