namespace Lepton.Monitor.Storage;

/// <summary>
/// The PostgreSQL journal's partition and lease settings (<c>Lepton:Journal</c>). Leases compare the holders' clocks,
/// so the api processes' clocks must agree to well within <see cref="Lease"/> minus <see cref="RenewInterval"/> (NTP).
/// </summary>
public sealed class JournalPartitionOptions
{
    /// <summary>This api process's partition; empty means <see cref="DefaultPartition"/>. Two live processes must not share one.</summary>
    public string Partition { get; set; } = "";

    /// <summary>How long a lease lasts without renewal: a dead owner's entries are taken over after at most this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the owner renews its lease (each group commit extends it too).</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long opening waits for a lease held by someone else (a taker replaying it, or our own previous life).</summary>
    public TimeSpan AcquireTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often opening tries again meanwhile.</summary>
    public TimeSpan AcquireRetry { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The host name: stable across restarts of a pod or VM, so a restarted process resumes its own backlog. Two api
    /// processes on one host must each set <see cref="Partition"/>.
    /// </summary>
    public static string DefaultPartition => Environment.MachineName.ToLowerInvariant();

    public string ResolvedPartition => string.IsNullOrWhiteSpace(Partition) ? DefaultPartition : Partition.Trim();

    public void Validate()
    {
        if (Lease <= TimeSpan.Zero || RenewInterval <= TimeSpan.Zero || RenewInterval >= Lease)
            throw new ArgumentException($"Lepton:Journal: RenewInterval ({RenewInterval}) must be positive and shorter than Lease ({Lease})");
        if (AcquireTimeout < TimeSpan.Zero || AcquireRetry <= TimeSpan.Zero)
            throw new ArgumentException("Lepton:Journal: AcquireTimeout must not be negative and AcquireRetry must be positive");
    }
}
