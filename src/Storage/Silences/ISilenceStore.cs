using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Durable silences. Creating and expiring one is audited in the same transaction (<c>silence.created</c>,
/// <c>silence.expired</c>). States are computed from the store's clock. The bookkeeping of the expiry pass
/// (<see cref="MarkAppliedAsync"/>, <see cref="MarkReleasedAsync"/>) makes each silence's start and end handled once.
/// </summary>
public interface ISilenceStore
{
    /// <summary>Stores a validated silence (see <see cref="SilenceRules"/>) and its audit entry; returns it with its state.</summary>
    Task<Silence> CreateAsync(Silence silence, string actor, CancellationToken ct = default);

    Task<Silence?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Newest first, cursor-paged. Throws <see cref="ArgumentException"/> on a bad page size or cursor.</summary>
    Task<Page<Silence>> ListAsync(SilenceQuery query, CancellationToken ct = default);

    /// <summary>
    /// Ends a silence now (a pending one never starts) and audits it; an already expired one is returned unchanged.
    /// Null when there is no such id.
    /// </summary>
    Task<Silence?> ExpireAsync(string id, string actor, CancellationToken ct = default);

    /// <summary>Every silence not yet expired at <paramref name="now"/> (pending or active): what the matcher holds in memory.</summary>
    Task<IReadOnlyList<Silence>> ListLiveAsync(DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// The tenant's open and acknowledged alerts: what a silence suppresses when it starts. Includes every alert whose
    /// write committed before the call (the SQLite store reads behind its single writer, so an upsert that asked the
    /// book before its refresh is seen).
    /// </summary>
    Task<IReadOnlyList<Alert>> ListSuppressibleAsync(string tenant, CancellationToken ct = default);

    /// <summary>The tenant's alerts suppressed by the silence <paramref name="silenceId"/>: what its end gives back.</summary>
    Task<IReadOnlyList<Alert>> ListSuppressedByAsync(string tenant, string silenceId, CancellationToken ct = default);

    /// <summary>
    /// Silences active at <paramref name="now"/> whose start has not been applied to the alerts already open. A cluster
    /// store also returns those applied a few seconds ago (<see cref="PostgresSilenceStore"/>): applying again is harmless.
    /// </summary>
    Task<IReadOnlyList<Silence>> ListStartedUnappliedAsync(DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Silences expired at <paramref name="now"/> whose suppressed alerts have not been released yet.</summary>
    Task<IReadOnlyList<Silence>> ListEndedUnreleasedAsync(DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Records that the silence's start was applied to the open alerts.</summary>
    Task MarkAppliedAsync(string id, CancellationToken ct = default);

    /// <summary>
    /// Records that the alerts the silence suppressed were released. A silence that ended because its endsAt passed
    /// (nobody expired it) gets its <c>silence.expired</c> audit entry here, by <c>system</c>.
    /// </summary>
    Task MarkReleasedAsync(string id, CancellationToken ct = default);
}
