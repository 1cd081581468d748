using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Applies the upserts of one group commit inside one transaction, in queue order, with the same outcome as if
/// each ran alone in turn. A fingerprint's open alert is read once per group and written once at the end, however
/// many requests grow it (hot fingerprints are the common case under load). Used by both alert stores' writers.
/// </summary>
internal sealed class AlertUpsertGroup(IAlertUpsertRows statements, TimeProvider time, ISilenceMatcher? silences)
{
    private readonly Dictionary<(string Tenant, string Fingerprint), AlertDraft?> _open = new();
    private readonly HashSet<(string Tenant, string Fingerprint, string RecordId)> _seenRecords = new();
    private readonly List<AlertDraft> _dirty = new();
    private readonly HashSet<AlertDraft> _dirtySet = new(ReferenceEqualityComparer.Instance);
    private readonly List<(string AlertId, string RecordId)> _links = new();
    private List<(string AlertId, AlertCandidate Candidate)>? _evidence; // only groups with evidence allocate it

    /// <summary>Applies one request in memory (reading what the group has not read yet) and returns its result.</summary>
    public AlertUpsertResult Apply(IReadOnlyList<AlertCandidate> candidates)
    {
        var touched = new List<AlertDraft>();
        var touchedSet = new HashSet<AlertDraft>(ReferenceEqualityComparer.Instance);
        var openedHere = new HashSet<AlertDraft>(ReferenceEqualityComparer.Instance);
        var unchanged = 0;

        foreach (var candidate in candidates)
        {
            // The group-wide set also covers records linked earlier in this group, which the table does not show yet.
            if (!_seenRecords.Add((candidate.Tenant, candidate.Fingerprint, candidate.RecordId)) || statements.AlreadyAlerted(candidate))
            {
                unchanged++; // replayed record: it already counted, in this alert or in one since resolved
                continue;
            }

            var key = (candidate.Tenant, candidate.Fingerprint);
            if (!_open.TryGetValue(key, out var draft))
            {
                draft = statements.FindOpen(candidate.Tenant, candidate.Fingerprint) is { } stored ? AlertDraft.FromStored(stored) : null;
                _open[key] = draft;
            }
            if (draft is null)
            {
                var now = time.GetUtcNow();
                draft = AlertDraft.Open(SortableId.New("al-", now), candidate, now);
                if (silences?.Match(draft.ToAlert(), now) is { } silenceId)
                    draft.Suppress(silenceId);
                _open[key] = draft;
                openedHere.Add(draft);
            }
            else
            {
                draft.Absorb(candidate);
            }
            if (touchedSet.Add(draft))
                touched.Add(draft);
            if (_dirtySet.Add(draft))
                _dirty.Add(draft);
            _links.Add((draft.Id, candidate.RecordId));
            // The first MaxPerAlert records of an alert are kept as its evidence (Count already counts this one).
            if (candidate.Evidence is not null && draft.Count <= AlertEvidence.MaxPerAlert)
                (_evidence ??= new()).Add((draft.Id, candidate));
        }

        var touchedAt = time.GetUtcNow();
        foreach (var draft in touched)
        {
            if (!openedHere.Contains(draft))
                draft.Touch(touchedAt);
        }

        var created = new List<Alert>();
        var updated = new List<Alert>();
        foreach (var draft in touched)
            (openedHere.Contains(draft) ? created : updated).Add(draft.ToAlert());
        return new AlertUpsertResult(created, updated, unchanged);
    }

    /// <summary>Alerts of this group whose staged four-eyes resolution a new record cleared.</summary>
    public IEnumerable<AlertDraft> ClearedApprovals => _dirty.Where(d => d.ClearedApproval is not null);

    /// <summary>Writes every alert the group opened or grew, once, the record links and the evidence records.</summary>
    public void Write()
    {
        foreach (var draft in _dirty)
        {
            if (draft.IsNew)
                statements.Insert(draft.ToAlert());
            else
                statements.UpdateCounts(draft.ToAlert());
        }
        foreach (var (alertId, recordId) in _links)
            statements.Link(alertId, recordId);
        if (_evidence is not null)
        {
            foreach (var (alertId, candidate) in _evidence)
                statements.WriteEvidence(alertId, candidate, candidate.Evidence!);
        }
    }
}
