namespace Lepton.Monitor.Storage;

/// <summary>
/// Durable transactional outbox for alert events: written after the alert is persisted, drained by a publisher
/// that deletes rows only after the broker acknowledged them, so a broker outage neither loses nor blocks anything.
/// Each event keeps its own failed attempts and next attempt time; one the broker keeps refusing is parked after
/// <see cref="OutboxOptions.MaxAttempts"/> so it cannot hold back its tenant's later events for ever.
/// </summary>
public interface IAlertOutbox
{
    /// <summary>Appends the messages in one transaction, durable before the task completes.</summary>
    Task AddAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default);

    /// <summary>The oldest <paramref name="max"/> messages (waiting or parked), in append order.</summary>
    Task<IReadOnlyList<OutboxEntry>> PeekAsync(int max, CancellationToken ct = default);

    /// <summary>
    /// Up to <paramref name="max"/> messages to send now, in append order, keeping each key's (tenant's) order: a key
    /// whose oldest waiting message is backing off sends nothing; one whose oldest has failed before sends only that
    /// message (a probe); otherwise the key's messages up to the next one that failed before. Parked messages are skipped.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ReadDueAsync(int max, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Removes published messages.</summary>
    Task DeleteAsync(IReadOnlyList<long> seqs, CancellationToken ct = default);

    /// <summary>Records failed attempts: each message's new attempt count, when to try it next, or that it is parked.</summary>
    Task MarkFailedAsync(IReadOnlyList<OutboxFailure> failures, CancellationToken ct = default);

    /// <summary>Parked messages (not retried until replayed), oldest first; only those keyed <paramref name="key"/> (a tenant) when given.</summary>
    Task<IReadOnlyList<ParkedOutboxEntry>> ListParkedAsync(int max, CancellationToken ct = default, string? key = null);

    /// <summary>
    /// Puts parked messages back in line with no failed attempts (all of them when <paramref name="seqs"/> is null);
    /// returns how many. A replayed message is older than its tenant's waiting ones, so it is sent before them.
    /// </summary>
    Task<int> ReplayParkedAsync(IReadOnlyList<long>? seqs = null, CancellationToken ct = default);

    /// <summary>Messages stored (waiting and parked).</summary>
    Task<long> CountAsync(CancellationToken ct = default);

    /// <summary>Messages waiting to be sent and messages parked.</summary>
    Task<OutboxDepth> GetDepthAsync(CancellationToken ct = default);

    /// <summary>Completes when something was added since the last call, or after <paramref name="timeout"/>.</summary>
    Task WaitForAddAsync(TimeSpan timeout, CancellationToken ct = default);
}
