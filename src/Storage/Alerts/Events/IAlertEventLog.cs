namespace Lepton.Monitor.Storage;

/// <summary>
/// The alert change feed: every alert change, written by the alert store in the change's own transaction, in commit
/// order. SSE streams it (resuming from an event id) and the webhook dispatcher fans it out to subscriptions.
/// Events are kept for <see cref="DefaultRetention"/> and then pruned.
/// </summary>
public interface IAlertEventLog
{
    /// <summary>How long events stay resumable (SSE <c>Last-Event-ID</c>, webhook range replay), whatever the backend.</summary>
    static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(24);

    /// <summary>Up to <paramref name="max"/> events after <paramref name="afterSeq"/> that match, in seq order.</summary>
    Task<IReadOnlyList<AlertEvent>> ReadAfterAsync(long afterSeq, int max, AlertEventFilter? filter = null, CancellationToken ct = default);

    /// <summary>The newest event's seq (0 when none yet).</summary>
    Task<long> LastSeqAsync(CancellationToken ct = default);

    /// <summary>The oldest kept event's seq (0 when none): a resume from before it has lost events to retention.</summary>
    Task<long> FirstSeqAsync(CancellationToken ct = default);

    /// <summary>Completes when events after <paramref name="afterSeq"/> were committed, or after <paramref name="timeout"/>.</summary>
    Task WaitForEventsAsync(long afterSeq, TimeSpan timeout, CancellationToken ct = default);

    /// <summary>Deletes events older than <paramref name="before"/> (never the newest, so seqs never restart); returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct = default);
}
