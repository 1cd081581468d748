using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>Snoozed alerts reopen by themselves at <c>until</c>: one reopener pass driven with a hand-moved clock.</summary>
public sealed class SnoozeReopenerTests : IDisposable
{
    private readonly LifecycleStore _s = new();
    private readonly SnoozeReopener _reopener;

    public SnoozeReopenerTests() => _reopener = new SnoozeReopener(_s.Store, new SqliteDueSnoozes(_s.Db), _s.Clock);

    public void Dispose() => _s.Dispose();

    private async Task<Alert> SnoozedAsync(string recordId, string fingerprint, TimeSpan @for)
    {
        var alert = await _s.RaiseAsync(recordId, fingerprint);
        var result = await _s.ActAsync(alert, AlertAction.Snooze, new(Until: _s.Clock.GetUtcNow() + @for));
        Assert.Equal(AlertChangeOutcome.Changed, result.Outcome);
        return result.Alert!;
    }

    [Fact]
    public async Task A_snoozed_alert_reopens_when_its_time_comes_and_not_before()
    {
        var snoozed = await SnoozedAsync("tx-1", "fp-1", TimeSpan.FromHours(1));
        var later = await SnoozedAsync("tx-2", "fp-2", TimeSpan.FromHours(3));

        _s.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await _reopener.ReopenDueAsync());
        Assert.Equal(AlertStatus.Snoozed, (await _s.Store.GetAsync(snoozed.Id))!.Status);

        _s.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _reopener.ReopenDueAsync());

        var reopened = (await _s.Store.GetAsync(snoozed.Id))!;
        Assert.Equal(AlertStatus.Open, reopened.Status);
        Assert.Null(reopened.SnoozedUntil);
        Assert.Equal(snoozed.Version + 1, reopened.Version);
        Assert.Equal(_s.Clock.GetUtcNow(), reopened.UpdatedAt);
        Assert.Equal(AlertStatus.Snoozed, (await _s.Store.GetAsync(later.Id))!.Status);

        var last = (await _s.Audit.ListForTargetAsync(snoozed.Id, "acme", 100))[^1];
        Assert.Equal((SqliteAlertStore.SystemActor, AlertAuditActions.Unsnoozed), (last.Actor, last.Action));

        // A second pass finds nothing more to do.
        Assert.Equal(0, await _reopener.ReopenDueAsync());
        _s.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await _reopener.ReopenDueAsync());
        Assert.Equal(AlertStatus.Open, (await _s.Store.GetAsync(later.Id))!.Status);
    }

    [Fact]
    public async Task An_alert_resolved_or_snoozed_again_meanwhile_is_left_as_it_is()
    {
        var resolved = await SnoozedAsync("tx-1", "fp-1", TimeSpan.FromHours(1));
        var resnoozed = await SnoozedAsync("tx-2", "fp-2", TimeSpan.FromHours(1));
        Assert.Equal(AlertChangeOutcome.Changed, (await _s.ActAsync(resolved, AlertAction.Resolve, new(Disposition: Disposition.TruePositive))).Outcome);
        Assert.Equal(AlertChangeOutcome.Changed, (await _s.ActAsync(resnoozed, AlertAction.Snooze, new(Until: _s.Clock.GetUtcNow().AddDays(2)))).Outcome);

        _s.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _reopener.ReopenDueAsync());

        Assert.Equal(AlertStatus.Resolved, (await _s.Store.GetAsync(resolved.Id))!.Status);
        Assert.Equal(AlertStatus.Snoozed, (await _s.Store.GetAsync(resnoozed.Id))!.Status);
    }

    [Fact]
    public async Task The_reopen_condition_is_checked_again_inside_the_change()
    {
        // The reopener lists due alerts, then changes them: the change itself must not reopen an alert that is not due.
        var snoozed = await SnoozedAsync("tx-1", "fp-1", TimeSpan.FromHours(1));
        var now = _s.Clock.GetUtcNow();
        var result = await _s.Store.ChangeAsync(new AlertChangeRequest(snoozed.Id, null, SqliteAlertStore.SystemActor, AlertAuditActions.Unsnoozed,
            a => AlertLifecycle.Unsnooze(a, now)));
        Assert.Equal(AlertChangeOutcome.Unchanged, result.Outcome);
        Assert.Equal(AlertStatus.Snoozed, (await _s.Store.GetAsync(snoozed.Id))!.Status);
    }

    [Fact]
    public async Task A_large_backlog_reopens_in_batches()
    {
        for (var i = 0; i < SnoozeReopener.BatchSize + 5; i++)
            await SnoozedAsync($"tx-{i}", $"fp-{i}", TimeSpan.FromMinutes(1 + i % 7));
        _s.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(SnoozeReopener.BatchSize + 5, await _reopener.ReopenDueAsync());
        Assert.Empty(new SqliteDueSnoozes(_s.Db).List(_s.Clock.GetUtcNow(), 10));
    }
}
