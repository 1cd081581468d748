using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>An alert being built or grown inside one upsert transaction; mutable so a hot fingerprint is cheap.</summary>
internal sealed class AlertDraft
{
    private readonly Alert _origin;
    private readonly List<string> _recordIds;
    private HashSet<string>? _listed; // built on the first aggregate candidate only

    private AlertDraft(Alert origin, bool isNew)
    {
        _origin = origin;
        _recordIds = [.. origin.RecordIds];
        IsNew = isNew;
        Severity = origin.Severity;
        FirstSeen = origin.FirstSeen;
        LastSeen = origin.LastSeen;
        Count = origin.Count;
        Score = origin.Score;
        ModelVersion = origin.ModelVersion;
        Version = origin.Version;
        UpdatedAt = origin.UpdatedAt;
        PendingResolution = origin.PendingResolution;
        Status = origin.Status;
        SilencedBy = origin.SilencedBy;
    }

    public bool IsNew { get; }
    public string Id => _origin.Id;
    public Severity Severity { get; private set; }
    public DateTimeOffset FirstSeen { get; private set; }
    public DateTimeOffset LastSeen { get; private set; }
    public int Count { get; private set; }
    public double? Score { get; private set; }
    public string? ModelVersion { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public PendingResolution? PendingResolution { get; private set; }
    public AlertStatus Status { get; private set; }
    public string? SilencedBy { get; private set; }

    /// <summary>Trace context of the candidate that opened or last grew it (not stored; carried to the alert topic).</summary>
    public string? TraceParent { get; private set; }
    public string? TraceState { get; private set; }

    /// <summary>A staged four-eyes resolution that a new record cleared in this group (audited by the store).</summary>
    public PendingResolution? ClearedApproval { get; private set; }

    public static AlertDraft FromStored(Alert alert) => new(alert, isNew: false);

    public static AlertDraft Open(string id, AlertCandidate candidate, DateTimeOffset now)
    {
        var draft = new AlertDraft(new Alert(
            id, candidate.Tenant, candidate.Jurisdiction, candidate.Kind, candidate.RuleId, candidate.RuleKind,
            candidate.Severity, AlertStatus.Open, null, candidate.Fingerprint, candidate.EventTime, candidate.EventTime,
            1, candidate.Entity, [], candidate.Score, candidate.ModelVersion, candidate.Explanation,
            null, []) { Version = 1, UpdatedAt = now }, isNew: true);
        draft.AddRecordIds(candidate);
        draft.TraceParent = candidate.TraceParent;
        draft.TraceState = candidate.TraceState;
        return draft;
    }

    /// <summary>A new alert that a silence matches is stored suppressed, never dropped.</summary>
    public void Suppress(string silenceId)
    {
        Status = AlertStatus.Suppressed;
        SilencedBy = silenceId;
    }

    /// <summary>
    /// One more version for a request that grew an existing alert. A new record clears a staged four-eyes
    /// resolution: the approver would otherwise approve evidence they have not seen.
    /// </summary>
    public void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
        if (PendingResolution is { } pending)
        {
            ClearedApproval = pending;
            PendingResolution = null;
        }
    }

    /// <summary>Counts one more record. The explanation stays the one of the record that opened the alert.</summary>
    public void Absorb(AlertCandidate candidate)
    {
        Count++;
        TraceParent = candidate.TraceParent;
        TraceState = candidate.TraceState;
        if (candidate.EventTime > LastSeen)
            LastSeen = candidate.EventTime;
        if (candidate.EventTime < FirstSeen)
            FirstSeen = candidate.EventTime; // a replayed, older record widens the window backwards
        if (candidate.Severity > Severity)
            Severity = candidate.Severity;
        if (candidate.Score is { } score && (Score is null || score > Score))
        {
            Score = score;
            ModelVersion = candidate.ModelVersion;
        }
        AddRecordIds(candidate);
    }

    /// <summary>
    /// The candidate's record, and for an aggregate rule every record of the pattern (PRODUCT.md §5 <c>recordIds</c>);
    /// a record already listed (an earlier candidate's evidence) is not listed twice.
    /// </summary>
    private void AddRecordIds(AlertCandidate candidate)
    {
        if (candidate.EvidenceRecordIds is not { } evidence)
        {
            if (_recordIds.Count < SqliteAlertStore.MaxStoredRecordIds)
            {
                _recordIds.Add(candidate.RecordId);
                _listed?.Add(candidate.RecordId);
            }
            return;
        }
        _listed ??= new HashSet<string>(_recordIds, StringComparer.Ordinal);
        foreach (var id in evidence)
        {
            if (_recordIds.Count < SqliteAlertStore.MaxStoredRecordIds && _listed.Add(id))
                _recordIds.Add(id);
        }
        if (_recordIds.Count < SqliteAlertStore.MaxStoredRecordIds && _listed.Add(candidate.RecordId))
            _recordIds.Add(candidate.RecordId);
    }

    public Alert ToAlert() => _origin with
    {
        Severity = Severity,
        FirstSeen = FirstSeen,
        LastSeen = LastSeen,
        Count = Count,
        Score = Score,
        ModelVersion = ModelVersion,
        RecordIds = [.. _recordIds],
        Version = Version,
        UpdatedAt = UpdatedAt,
        PendingResolution = PendingResolution,
        Status = Status,
        SilencedBy = SilencedBy,
        TraceParent = TraceParent,
        TraceState = TraceState,
    };
}
