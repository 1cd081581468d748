namespace Lepton.Monitor.Storage;

/// <summary>
/// Durable transactional outbox for alert events: written after the alert is persisted, drained by a publisher
/// that deletes rows only after the broker acknowledged them, so a broker outage neither loses nor blocks anything.
/// </summary>
public interface IAlertOutbox
{
    /// <summary>Appends the messages in one transaction, durable before the task completes.</summary>
    Task AddAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default);

    /// <summary>The oldest <paramref name="max"/> messages, in append order.</summary>
    Task<IReadOnlyList<OutboxEntry>> PeekAsync(int max, CancellationToken ct = default);

    /// <summary>Removes published messages.</summary>
    Task DeleteAsync(IReadOnlyList<long> seqs, CancellationToken ct = default);

    /// <summary>Counts a failed attempt for these messages (for metrics and operators).</summary>
    Task MarkFailedAsync(IReadOnlyList<long> seqs, CancellationToken ct = default);

    /// <summary>Messages waiting.</summary>
    Task<long> CountAsync(CancellationToken ct = default);

    /// <summary>Completes when something was added since the last call, or after <paramref name="timeout"/>.</summary>
    Task WaitForAddAsync(TimeSpan timeout, CancellationToken ct = default);
}
