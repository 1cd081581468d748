using Lepton.Monitor.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Storage;

/// <summary>
/// What happens around a silence besides storing it: the in-memory <see cref="SilenceBook"/> is refreshed after every
/// change; when a silence starts, the open and acknowledged alerts it matches are suppressed (<c>alert.silenced</c>,
/// <c>silencedBy</c> = its id); when it ends, the alerts it suppressed reopen (<c>alert.unsilenced</c>, by
/// <c>system</c>) unless another active silence matches them (then they move to that one). Each step is recorded
/// (applied/released) so a pass after a crash finishes what was left, and changes nothing twice.
/// </summary>
public sealed class SilenceService
{
    /// <summary>How many alerts one lifecycle transaction changes (a wide silence must not hold the writer long).</summary>
    private const int ChangeChunk = 256;

    public const string SilencedAction = "alert.silenced";
    public const string UnsilencedAction = "alert.unsilenced";

    private readonly ISilenceStore _store;
    private readonly SilenceBook _book;
    private readonly IAlertStore _alerts;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ITenantStore? _tenants;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    // One apply or release at a time: a pass and a POST applying the same silence together would only race to write
    // the same changes (the second finds nothing left), but the audit should name the creator, not whoever came second.
    private readonly SemaphoreSlim _upkeep = new(1, 1);

    /// <param name="tenants">Where a tenant's enabled jurisdictions are read, so a silence on all of them counts as over-broad.</param>
    public SilenceService(ISilenceStore store, SilenceBook book, IAlertStore alerts, TimeProvider? time = null,
        ILogger<SilenceService>? log = null, ITenantStore? tenants = null)
    {
        _tenants = tenants;
        _store = store;
        _book = book;
        _alerts = alerts;
        _time = time ?? TimeProvider.System;
        _log = (ILogger?)log ?? NullLogger.Instance;
    }

    /// <summary>
    /// Validates and stores the silence (throws <see cref="SilenceValidationException"/> with the reason), then, when
    /// it is active already, suppresses the alerts it matches. <paramref name="actor"/> is the caller, in the audit log.
    /// </summary>
    /// <summary>Silences one tenant may have pending or active: every new alert of the tenant is matched against all of them.</summary>
    public const int MaxPerTenant = 1_000;

    public async Task<Silence> CreateAsync(SilenceDraft draft, string actor, CancellationToken ct = default)
    {
        var jurisdictions = await JurisdictionsAsync(draft.Tenant, ct).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var compiled = SilenceRules.Build(draft, SqliteSilenceStore.NewId(now), now, jurisdictions);
        if (_book.CountFor(compiled.Silence.Tenant) >= MaxPerTenant)
            throw new SilenceValidationException($"tenant '{compiled.Silence.Tenant}' has {MaxPerTenant} silences pending or active, the most it may have; expire some first");
        var silence = await _store.CreateAsync(compiled.Silence, actor, ct).ConfigureAwait(false);
        SilenceTelemetry.Changes.Add(1, new KeyValuePair<string, object?>("action", "created"));
        _log.LogInformation("Silence {SilenceId} created for tenant {Tenant} by {Actor}: {Matchers}, {StartsAt} to {EndsAt}",
            silence.Id, silence.Tenant, actor, string.Join(", ", silence.Matchers.Select(m => m.ToString())), silence.StartsAt, silence.EndsAt);

        // Stored: what follows must finish even if the caller goes away (the pass would finish it otherwise).
        await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        if (compiled.IsActiveAt(_time.GetUtcNow()))
            await ApplyAsync(compiled, actor, CancellationToken.None).ConfigureAwait(false);
        return silence;
    }

    /// <summary>What <see cref="CreateAsync"/> would suppress now, saving nothing; refuses what it would refuse.</summary>
    public async Task<SilencePreview> PreviewAsync(SilenceDraft draft, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 0);
        var jurisdictions = await JurisdictionsAsync(draft.Tenant, ct).ConfigureAwait(false);
        var compiled = SilenceRules.Build(draft, "preview", _time.GetUtcNow(), jurisdictions);
        var matching = (await _store.ListSuppressibleAsync(compiled.Silence.Tenant, ct).ConfigureAwait(false)).Where(compiled.Matches).ToList();
        IReadOnlyList<Alert> items = matching.OrderByDescending(a => a.Id, StringComparer.Ordinal).Take(max).ToList();
        return new SilencePreview(items, matching.Count);
    }

    private async Task<IReadOnlyList<string>?> JurisdictionsAsync(string? tenant, CancellationToken ct) =>
        _tenants is null || string.IsNullOrEmpty(tenant) ? null : (await _tenants.GetAsync(tenant, ct).ConfigureAwait(false))?.Jurisdictions;

    /// <summary>Ends the silence now and reopens the alerts it suppressed; null when there is no such silence.</summary>
    public async Task<Silence?> ExpireAsync(string id, string actor, CancellationToken ct = default)
    {
        // An already expired silence is answered as it is (its end stays its end); only a real change is counted.
        var wasLive = (await _store.GetAsync(id, ct).ConfigureAwait(false))?.State is SilenceState.Pending or SilenceState.Active;
        var expired = await _store.ExpireAsync(id, actor, ct).ConfigureAwait(false);
        if (expired is null)
            return null;
        if (wasLive)
        {
            SilenceTelemetry.Changes.Add(1, new KeyValuePair<string, object?>("action", "expired"));
            _log.LogInformation("Silence {SilenceId} of tenant {Tenant} expired by {Actor}", id, expired.Tenant, actor);
        }
        await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        await ReleaseAsync(expired, CancellationToken.None).ConfigureAwait(false);
        return expired;
    }

    /// <summary>
    /// One upkeep pass (the hosted <c>SilenceExpiry</c> runs it on an interval): refreshes the book, applies the silences
    /// that have started since, releases the alerts of those that have ended.
    /// </summary>
    public async Task<SilencePassResult> RunPassAsync(CancellationToken ct = default)
    {
        await RefreshAsync(ct).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        int suppressed = 0, reopened = 0;
        var started = await _store.ListStartedUnappliedAsync(now, ct).ConfigureAwait(false);
        foreach (var silence in started)
            suppressed += await ApplyAsync(new CompiledSilence(silence), SqliteAlertStore.SystemActor, ct).ConfigureAwait(false);
        var ended = await _store.ListEndedUnreleasedAsync(now, ct).ConfigureAwait(false);
        foreach (var silence in ended)
        {
            SilenceTelemetry.Changes.Add(1, new KeyValuePair<string, object?>("action", "expired"));
            _log.LogInformation("Silence {SilenceId} of tenant {Tenant} expired at its end {EndsAt}", silence.Id, silence.Tenant, silence.EndsAt);
            reopened += await ReleaseAsync(silence, ct).ConfigureAwait(false);
        }
        return new SilencePassResult(started.Count, ended.Count, suppressed, reopened);
    }

    /// <summary>Reloads the book from the store (serialized, so an older load never replaces a newer one).</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        await _refresh.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _book.Replace(await _store.ListLiveAsync(_time.GetUtcNow(), ct).ConfigureAwait(false));
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Suppresses the open and acknowledged alerts the (active) silence matches; returns how many.</summary>
    private async Task<int> ApplyAsync(CompiledSilence silence, string actor, CancellationToken ct)
    {
        await _upkeep.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await ApplyUnderLockAsync(silence, actor, ct).ConfigureAwait(false);
        }
        finally
        {
            _upkeep.Release();
        }
    }

    private async Task<int> ApplyUnderLockAsync(CompiledSilence silence, string actor, CancellationToken ct)
    {
        // Read after the book's refresh (see ListSuppressibleAsync): a new alert is either matched by the refreshed book or read here.
        var tenant = silence.Silence.Tenant;
        var candidates = (await _store.ListSuppressibleAsync(tenant, ct).ConfigureAwait(false)).Where(silence.Matches).Select(a => a.Id).ToList();
        var requests = candidates.Select(id => new AlertChangeRequest(id, null, actor, SilencedAction, alert =>
            alert.Status is AlertStatus.Open or AlertStatus.Acknowledged && silence.Matches(alert)
                ? alert with { Status = AlertStatus.Suppressed, SilencedBy = silence.Id }
                : alert,
            new { silence = silence.Id })).ToList();
        var changed = await ChangeAsync(requests, ct).ConfigureAwait(false);
        await _store.MarkAppliedAsync(silence.Id, ct).ConfigureAwait(false);
        SilenceTelemetry.AlertsSuppressed.Add(changed);
        if (changed > 0)
            _log.LogInformation("Silence {SilenceId} suppressed {Count} alerts of tenant {Tenant}", silence.Id, changed, tenant);
        return changed;
    }

    /// <summary>Gives back the alerts the (ended) silence suppressed; returns how many reopened.</summary>
    private async Task<int> ReleaseAsync(Silence silence, CancellationToken ct)
    {
        await _upkeep.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await ReleaseUnderLockAsync(silence, ct).ConfigureAwait(false);
        }
        finally
        {
            _upkeep.Release();
        }
    }

    private async Task<int> ReleaseUnderLockAsync(Silence silence, CancellationToken ct)
    {
        var suppressed = await _store.ListSuppressedByAsync(silence.Tenant, silence.Id, ct).ConfigureAwait(false);

        var now = _time.GetUtcNow();
        bool StillMine(Alert a) => a.Status == AlertStatus.Suppressed && a.SilencedBy == silence.Id;
        var requests = new List<AlertChangeRequest>(suppressed.Count);
        int reopened = 0, moved = 0;
        foreach (var alert in suppressed)
        {
            if (_book.Find(alert, now) is { } other)
            {
                moved++;
                requests.Add(new AlertChangeRequest(alert.Id, null, SqliteAlertStore.SystemActor, SilencedAction,
                    a => StillMine(a) ? a with { SilencedBy = other } : a, new { silence = other, previous = silence.Id }));
            }
            else
            {
                reopened++;
                requests.Add(new AlertChangeRequest(alert.Id, null, SqliteAlertStore.SystemActor, UnsilencedAction,
                    a => StillMine(a) ? a with { Status = AlertStatus.Open, SilencedBy = null } : a, new { silence = silence.Id }));
            }
        }
        await ChangeAsync(requests, ct).ConfigureAwait(false);
        await _store.MarkReleasedAsync(silence.Id, ct).ConfigureAwait(false);
        SilenceTelemetry.AlertsReleased.Add(reopened, new KeyValuePair<string, object?>("outcome", "reopened"));
        SilenceTelemetry.AlertsReleased.Add(moved, new KeyValuePair<string, object?>("outcome", "kept"));
        if (suppressed.Count > 0)
            _log.LogInformation("Silence {SilenceId} ended: {Reopened} alerts reopened, {Kept} kept by other silences", silence.Id, reopened, moved);
        return reopened;
    }

    private async Task<int> ChangeAsync(List<AlertChangeRequest> requests, CancellationToken ct)
    {
        var changed = 0;
        foreach (var chunk in requests.Chunk(ChangeChunk))
        {
            var results = await _alerts.ChangeManyAsync(chunk, ct).ConfigureAwait(false);
            changed += results.Count(r => r.Outcome == AlertChangeOutcome.Changed);
        }
        return changed;
    }
}
