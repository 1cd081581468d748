namespace Lepton.Monitor.Ingest;

/// <summary>Settings of <see cref="JournalTakeover"/> (<c>Lepton:Journal:Takeover</c>).</summary>
public sealed class JournalTakeoverOptions
{
    /// <summary>How often to look for partitions of dead api processes (with the lease, bounds how late a takeover starts).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often to check whether the replayed records are checkpointed, before releasing the partition.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
