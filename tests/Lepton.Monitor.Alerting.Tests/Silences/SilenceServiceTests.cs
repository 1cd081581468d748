using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Alerting.Tests.Silences;

/// <summary>
/// Silences against the real SQLite stores on a manual clock: existing alerts suppressed when a silence starts, new
/// ones stored suppressed and not notified, everything given back exactly when it ends (or is expired), audited.
/// </summary>
public sealed class SilenceServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();
    private readonly ManualClock _clock = new(T0);
    private readonly SilenceBook _book = new();
    private LeptonDatabase _db = null!;
    private SqliteAlertStore _alerts = null!;
    private SqliteSilenceStore _store = null!;
    private SqliteAuditLog _audit = null!;
    private SilenceService _service = null!;

    public Task InitializeAsync()
    {
        _db = LeptonDatabase.Open(_folder.Path);
        _alerts = new SqliteAlertStore(_db, _clock, silences: _book);
        _store = new SqliteSilenceStore(_db, _clock);
        _audit = new SqliteAuditLog(_db, _clock);
        _service = new SilenceService(_store, _book, _alerts, _clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _alerts.DisposeAsync();
        _db.Dispose();
        _folder.Dispose();
    }

    private async Task<Alert> RaiseAsync(string entity, string ruleId = "us-cash-ctr", string tenant = "acme", Severity severity = Severity.High)
    {
        var candidate = new AlertCandidate(tenant, "US", AlertKind.Rule, ruleId, "threshold", severity, $"fp-{ruleId}-{entity}", entity,
            $"tx-{Guid.NewGuid():N}", _clock.GetUtcNow(), null, null,
            new AlertExplanation("cash", new RuleReference(ruleId, "threshold", "31 CFR 1010.311"), [], null), _clock.GetUtcNow());
        var result = await _alerts.UpsertAsync([candidate]);
        return Assert.Single(result.Created);
    }

    private static SilenceDraft Draft(string name, string op, string value, DateTimeOffset endsAt, DateTimeOffset? startsAt = null, string tenant = "acme") =>
        new(tenant, [new SilenceMatcherDraft(name, value, op.EndsWith('~'), op[0] == '=')], startsAt, endsAt, "ann", "known false positives");

    private async Task<Alert> GetAsync(string id) => (await _alerts.GetAsync(id))!;

    [Fact]
    public async Task Creating_a_silence_suppresses_the_matching_open_and_acknowledged_alerts_and_nothing_else()
    {
        var open = await RaiseAsync("e1");
        var acknowledged = await RaiseAsync("e2");
        await _alerts.ChangeAsync(new AlertChangeRequest(acknowledged.Id, null, "bob", "alert.acknowledged", a => a with { Status = AlertStatus.Acknowledged }));
        var otherRule = await RaiseAsync("e3", ruleId: "us-velocity");
        var otherTenant = await RaiseAsync("e4", tenant: "globex");

        var silence = await _service.CreateAsync(Draft("ruleId", "=", "us-cash-ctr", T0.AddHours(1)), "analyst-ann");

        Assert.StartsWith("sil-", silence.Id);
        Assert.Equal(SilenceState.Active, silence.State);
        foreach (var id in new[] { open.Id, acknowledged.Id })
        {
            var alert = await GetAsync(id);
            Assert.Equal(AlertStatus.Suppressed, alert.Status);
            Assert.Equal(silence.Id, alert.SilencedBy);
            var entry = (await _audit.ListForTargetAsync(id, null, 100))[^1];
            Assert.Equal(("alert.silenced", "analyst-ann"), (entry.Action, entry.Actor));
            Assert.Contains(silence.Id, entry.Details);
        }
        Assert.Equal(AlertStatus.Open, (await GetAsync(otherRule.Id)).Status);
        Assert.Equal(AlertStatus.Open, (await GetAsync(otherTenant.Id)).Status);
        var created = Assert.Single(await _audit.ListForTargetAsync(silence.Id, "acme", 10));
        Assert.Equal(("silence.created", "analyst-ann"), (created.Action, created.Actor));
    }

    [Fact]
    public async Task A_new_matching_alert_is_stored_suppressed_and_its_change_feed_event_does_not_notify()
    {
        var silence = await _service.CreateAsync(Draft("entity", "=~", "ent-9.*", T0.AddHours(1)), "ann");
        var last = await _alerts.Events.LastSeqAsync();

        var quiet = await RaiseAsync("ent-91");
        var loud = await RaiseAsync("ent-10");

        Assert.Equal((AlertStatus.Suppressed, silence.Id), (quiet.Status, quiet.SilencedBy));
        Assert.Equal((AlertStatus.Suppressed, silence.Id), ((await GetAsync(quiet.Id)).Status, (await GetAsync(quiet.Id)).SilencedBy));
        Assert.Equal(AlertStatus.Open, loud.Status);
        var events = await _alerts.Events.ReadAfterAsync(last, 10);
        Assert.False(Assert.Single(events, e => e.AlertId == quiet.Id).Notify);
        Assert.True(Assert.Single(events, e => e.AlertId == loud.Id).Notify);
    }

    [Fact]
    public async Task A_silence_expires_exactly_at_its_end_and_its_alerts_reopen()
    {
        var endsAt = T0.AddMinutes(30);
        var silence = await _service.CreateAsync(Draft("ruleId", "=", "us-cash-ctr", endsAt), "ann");
        var before = await RaiseAsync("e1");
        Assert.Equal(AlertStatus.Suppressed, before.Status);
        // The hosted upkeep's one pass, driven by hand on the manual clock.
        var expiry = new SilenceExpiry(_service, _clock, new SilenceExpiryOptions(TimeSpan.FromSeconds(5)), NullLogger<SilenceExpiry>.Instance);

        _clock.Set(endsAt.AddTicks(-1));
        var early = await expiry.RunOnceAsync();
        Assert.Equal(0, early.Ended);
        Assert.Equal(AlertStatus.Suppressed, (await GetAsync(before.Id)).Status);
        Assert.Equal(AlertStatus.Suppressed, (await RaiseAsync("e2")).Status);

        _clock.Set(endsAt);
        // Before any pass: the matcher already stops at endsAt.
        Assert.Equal(AlertStatus.Open, (await RaiseAsync("e3")).Status);
        var pass = await expiry.RunOnceAsync();

        Assert.Equal((1, 2), (pass.Ended, pass.AlertsReopened));
        foreach (var entity in new[] { "e1", "e2" })
        {
            var alert = (await _alerts.QueryAsync(new AlertQuery { Tenant = "acme", Entity = entity })).Items.Single();
            Assert.Equal(AlertStatus.Open, alert.Status);
            Assert.Null(alert.SilencedBy);
            var entry = (await _audit.ListForTargetAsync(alert.Id, null, 100))[^1];
            Assert.Equal(("alert.unsilenced", "system"), (entry.Action, entry.Actor));
        }
        Assert.Equal(SilenceState.Expired, (await _store.GetAsync(silence.Id))!.State);
        var expired = (await _audit.ListForTargetAsync(silence.Id, null, 10))[^1];
        Assert.Equal(("silence.expired", "system"), (expired.Action, expired.Actor));
        Assert.Equal(0, (await _service.RunPassAsync()).Ended);
    }

    [Fact]
    public async Task Expiring_a_silence_reopens_its_alerts_at_once_unless_another_silence_still_matches_them()
    {
        var wide = await _service.CreateAsync(Draft("ruleId", "=", "us-cash-ctr", T0.AddHours(1)), "ann");
        var low = await RaiseAsync("e1", severity: Severity.Low);
        var high = await RaiseAsync("e2", severity: Severity.High);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var narrow = await _service.CreateAsync(Draft("severity", "=", "low", T0.AddHours(2)), "ann");

        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await _service.ExpireAsync(wide.Id, "bob");

        Assert.Equal(SilenceState.Expired, expired!.State);
        Assert.Equal(_clock.GetUtcNow(), expired.EndsAt);
        Assert.Equal((AlertStatus.Open, (string?)null), ((await GetAsync(high.Id)).Status, (await GetAsync(high.Id)).SilencedBy));
        Assert.Equal((AlertStatus.Suppressed, narrow.Id), ((await GetAsync(low.Id)).Status, (await GetAsync(low.Id)).SilencedBy));
        var entry = (await _audit.ListForTargetAsync(wide.Id, null, 10))[^1];
        Assert.Equal(("silence.expired", "bob"), (entry.Action, entry.Actor));
        Assert.Null(await _service.ExpireAsync("sil-none", "bob"));
    }

    [Fact]
    public async Task A_pending_silence_suppresses_nothing_until_it_starts_and_then_the_pass_applies_it()
    {
        var alert = await RaiseAsync("e1");
        var silence = await _service.CreateAsync(Draft("ruleId", "=", "us-cash-ctr", T0.AddHours(2), startsAt: T0.AddHours(1)), "ann");
        Assert.Equal(SilenceState.Pending, silence.State);
        Assert.Equal(AlertStatus.Open, (await GetAsync(alert.Id)).Status);
        Assert.Equal(AlertStatus.Open, (await RaiseAsync("e2")).Status);

        _clock.Set(T0.AddHours(1));
        var pass = await _service.RunPassAsync();

        Assert.Equal((1, 2), (pass.Started, pass.AlertsSuppressed));
        Assert.Equal(silence.Id, (await GetAsync(alert.Id)).SilencedBy);
        Assert.Equal(0, (await _service.RunPassAsync()).Started);
    }

    [Fact]
    public async Task The_preview_lists_exactly_the_matching_open_alerts_and_saves_nothing()
    {
        var a = await RaiseAsync("e1");
        var b = await RaiseAsync("e2", severity: Severity.Critical);
        await RaiseAsync("e3", ruleId: "us-velocity");
        await RaiseAsync("e1", tenant: "globex");
        var resolved = await RaiseAsync("e4");
        await _alerts.ChangeAsync(new AlertChangeRequest(resolved.Id, null, "bob", "alert.resolved", x => x with { Status = AlertStatus.Resolved, Disposition = Disposition.Benign }));
        var events = await _alerts.Events.LastSeqAsync();

        var preview = await _service.PreviewAsync(Draft("ruleId", "=", "us-cash-ctr", T0.AddHours(1)), 100);

        Assert.Equal(2, preview.Total);
        Assert.Equal(new[] { b.Id, a.Id }, preview.Items.Select(x => x.Id));
        Assert.Empty((await _store.ListAsync(new SilenceQuery(null))).Items);
        Assert.Equal(events, await _alerts.Events.LastSeqAsync());
        Assert.Equal(AlertStatus.Open, (await GetAsync(a.Id)).Status);
        Assert.Single((await _service.PreviewAsync(Draft("ruleId", "=", "us-cash-ctr", T0.AddHours(1)), 1)).Items);
        await Assert.ThrowsAsync<SilenceValidationException>(() => _service.PreviewAsync(Draft("ruleId", "=~", ".*", T0.AddHours(1)), 10));
    }
}
