namespace Lepton.Monitor.Storage;

/// <summary>Opening a journal partition gave up: another holder kept a live lease on it for the whole acquire timeout.</summary>
public sealed class JournalPartitionLeasedException(string partition, string holder, DateTimeOffset leaseUntil, TimeSpan waited)
    : InvalidOperationException($"journal partition '{partition}' is leased by '{holder}' until {leaseUntil:O}; waited {waited}: " +
        "another process is using this partition name (give each api process its own Lepton:Journal:Partition) or is still " +
        "taking over its entries")
{
    public string Partition { get; } = partition;

    public string Holder { get; } = holder;
}
