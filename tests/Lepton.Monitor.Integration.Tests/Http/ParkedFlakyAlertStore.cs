using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>
/// The real alert store behind a switch: while <see cref="FailsFor"/> matches a candidate's record, storing alerts
/// fails as an outage would, so the monitor grain processing that record fails.
/// </summary>
public sealed class ParkedFlakyAlertStore(IAlertStore inner) : IAlertStore
{
    private volatile Func<string, bool> _failsFor = _ => false;

    public Func<string, bool> FailsFor
    {
        get => _failsFor;
        set => _failsFor = value;
    }

    public Task<AlertUpsertResult> UpsertAsync(IReadOnlyList<AlertCandidate> candidates, CancellationToken ct = default) =>
        candidates.Any(c => _failsFor(c.RecordId))
            ? throw new InvalidOperationException("alert store unavailable (test outage)")
            : inner.UpsertAsync(candidates, ct);

    public Task<Alert?> GetAsync(string id, CancellationToken ct = default) => inner.GetAsync(id, ct);

    public Task<Page<Alert>> QueryAsync(AlertQuery query, CancellationToken ct = default) => inner.QueryAsync(query, ct);

    public Task<AlertChangeResult> ChangeAsync(AlertChangeRequest request, CancellationToken ct = default) => inner.ChangeAsync(request, ct);

    public Task<IReadOnlyList<AlertChangeResult>> ChangeManyAsync(IReadOnlyList<AlertChangeRequest> requests, CancellationToken ct = default) =>
        inner.ChangeManyAsync(requests, ct);

    public Task<Alert?> UpdateAsync(string id, Func<Alert, Alert> change, CancellationToken ct = default) => inner.UpdateAsync(id, change, ct);
}
