using System.Text;
using System.Text.Json;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// Lifecycle changes through <see cref="IAlertStore.ChangeManyAsync"/>: the version check, refusals, and that the alert,
/// its audit entry, its change-feed event and its topic message are written together or not at all. Run on SQLite
/// (<see cref="AlertChangeTests"/>) and PostgreSQL (<see cref="PostgresAlertChangeTests"/>).
/// </summary>
public abstract class AlertChangeContractTests : AlertContractTests
{
    protected override bool Published => true;

    private async Task<Alert> RaiseAsync(string recordId = "tx-1", string fingerprint = "fp-1") =>
        Assert.Single((await Store.UpsertAsync([TestCandidates.Threshold(recordId, fingerprint)])).Created);

    private static AlertChangeRequest Acknowledge(string id, long? version, string actor = "key-ana") =>
        new(id, version, actor, "alert.acknowledged", a => a with { Status = AlertStatus.Acknowledged });

    private async Task<string[]> TopicAsync() =>
        (await Backend.Outbox.PeekAsync(100)).Select(e => Encoding.UTF8.GetString(e.Payload)).ToArray();

    [Fact]
    public async Task A_change_with_the_seen_version_is_stored_with_the_next_version_audit_event_and_topic_message()
    {
        var raised = await RaiseAsync();
        Assert.Equal(1, raised.Version);
        Backend.Clock.Advance(TimeSpan.FromMinutes(3));

        var result = await Store.ChangeAsync(Acknowledge(raised.Id, 1));

        Assert.Equal(AlertChangeOutcome.Changed, result.Outcome);
        Assert.Equal(2, result.Alert!.Version);
        Assert.Equal(Backend.Clock.GetUtcNow(), result.Alert.UpdatedAt);
        Assert.Equal(result.Alert, await Store.GetAsync(raised.Id), AlertComparer.Instance);

        var history = await Backend.Audit.ListForTargetAsync(raised.Id, "acme", 10);
        Assert.Equal(["alert.raised", "alert.acknowledged"], history.Select(h => h.Action));
        using var details = JsonDocument.Parse(history[1].Details);
        Assert.Equal("open", details.RootElement.GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("acknowledged", details.RootElement.GetProperty("after").GetProperty("status").GetString());
        Assert.Equal(2, details.RootElement.GetProperty("after").GetProperty("version").GetInt64());
        Assert.Equal("key-ana", history[1].Actor);

        var events = await Backend.Events.ReadAfterAsync(0, 10);
        Assert.Equal([AlertEventTypes.Raised, AlertEventTypes.Updated], events.Select(e => e.Type));
        using var data = JsonDocument.Parse(events[1].AlertJson);
        Assert.Equal("acknowledged", data.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, data.RootElement.GetProperty("version").GetInt64());
        Assert.Equal(["alert.raised:1", "alert.updated:2"], await TopicAsync());
        Assert.True((await Backend.Audit.VerifyAsync()).Valid);
    }

    [Fact]
    public async Task A_stale_version_answers_conflict_with_the_current_alert_and_writes_nothing()
    {
        var raised = await RaiseAsync();
        await Store.ChangeAsync(Acknowledge(raised.Id, 1));

        var stale = await Store.ChangeAsync(new AlertChangeRequest(raised.Id, 1, "key-bob", "alert.assigned", a => a with { Assignee = "bob" }));

        Assert.Equal(AlertChangeOutcome.Conflict, stale.Outcome);
        Assert.Equal(2, stale.Alert!.Version);
        Assert.Null(stale.Alert.Assignee);
        Assert.Null((await Store.GetAsync(raised.Id))!.Assignee);
        Assert.Equal(2, (await Backend.Audit.ListForTargetAsync(raised.Id, null, 10)).Count);
        Assert.Equal(2, (await Backend.Events.ReadAfterAsync(0, 10)).Count);
    }

    [Fact]
    public async Task Concurrent_changes_with_the_same_version_let_exactly_one_through()
    {
        var raised = await RaiseAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Store.ChangeAsync(new AlertChangeRequest(raised.Id, 1, $"key-{i}", "alert.assigned", a => a with { Assignee = $"user-{i}" }))));

        var winner = Assert.Single(results, r => r.Outcome == AlertChangeOutcome.Changed);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(AlertChangeOutcome.Conflict, r.Outcome));
        Assert.Equal(winner.Alert!.Assignee, (await Store.GetAsync(raised.Id))!.Assignee);
        Assert.Equal(2, (await Store.GetAsync(raised.Id))!.Version);
    }

    [Fact]
    public async Task A_refused_change_and_an_empty_change_write_nothing()
    {
        var raised = await RaiseAsync();

        var refused = await Store.ChangeAsync(new AlertChangeRequest(raised.Id, 1, "key-ana", "alert.resolution-approved",
            _ => throw new AlertActionException(AlertRefusal.Conflict, "nothing is staged for approval")));
        var unchanged = await Store.ChangeAsync(new AlertChangeRequest(raised.Id, 1, "key-ana", "alert.acknowledged", a => a));

        Assert.Equal(AlertChangeOutcome.Refused, refused.Outcome);
        Assert.Equal("nothing is staged for approval", refused.Refusal!.Message);
        Assert.Equal(AlertChangeOutcome.Unchanged, unchanged.Outcome);
        Assert.Equal(1, (await Store.GetAsync(raised.Id))!.Version);
        Assert.Single(await Backend.Events.ReadAfterAsync(0, 10));
        Assert.Single(await Backend.Audit.ListForTargetAsync(raised.Id, null, 10));
    }

    [Fact]
    public async Task A_change_may_not_touch_the_evidence()
    {
        var raised = await RaiseAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.ChangeAsync(new AlertChangeRequest(raised.Id, 1, "key-ana", "alert.updated", a => a with { Count = 99 })));
        Assert.Equal(1, (await Store.GetAsync(raised.Id))!.Count);
    }

    [Fact]
    public async Task Resolving_is_an_alert_resolved_event_and_reopening_beside_a_new_active_alert_is_refused()
    {
        var raised = await RaiseAsync("tx-1");
        var resolved = await Store.ChangeAsync(new AlertChangeRequest(raised.Id, 1, "key-ana", "alert.resolved",
            a => a with { Status = AlertStatus.Resolved, Disposition = Disposition.TruePositive }));
        var next = await RaiseAsync("tx-2"); // same fingerprint, the first is resolved: a new alert

        var reopen = await Store.ChangeAsync(new AlertChangeRequest(raised.Id, 2, "key-ana", "alert.reopened",
            a => a with { Status = AlertStatus.Open, Disposition = null }));

        Assert.NotEqual(raised.Id, next.Id);
        Assert.Equal(AlertEventTypes.Resolved, (await Backend.Events.ReadAfterAsync(0, 10))[1].Type);
        Assert.Equal("alert.resolved:2", (await TopicAsync())[1]);
        Assert.Equal(AlertChangeOutcome.Refused, reopen.Outcome);
        Assert.Equal(AlertRefusal.Conflict, reopen.Refusal!.Refusal);
        Assert.Equal(AlertStatus.Resolved, (await Store.GetAsync(raised.Id))!.Status);
    }

    [Fact]
    public async Task Bulk_changes_are_answered_per_item_in_order()
    {
        var a = await RaiseAsync("tx-1", "fp-a");
        var b = await RaiseAsync("tx-2", "fp-b");

        var results = await Store.ChangeManyAsync([Acknowledge(a.Id, 1), Acknowledge(b.Id, 7), Acknowledge("al-missing", 1)]);

        Assert.Equal([AlertChangeOutcome.Changed, AlertChangeOutcome.Conflict, AlertChangeOutcome.NotFound], results.Select(r => r.Outcome));
        Assert.Equal(AlertStatus.Acknowledged, (await Store.GetAsync(a.Id))!.Status);
        Assert.Equal(AlertStatus.Open, (await Store.GetAsync(b.Id))!.Status);
    }

    [Fact]
    public async Task Growth_bumps_the_version_only_raises_severity_and_clears_a_staged_resolution()
    {
        var raised = await RaiseAsync("tx-1");
        var staged = await Store.ChangeAsync(new AlertChangeRequest(raised.Id, 1, "key-ana", "alert.resolution-staged",
            a => a with { PendingResolution = new PendingResolution(Disposition.FalsePositive, "key-ana", Backend.Clock.GetUtcNow(), null) }));
        Assert.NotNull(staged.Alert!.PendingResolution);

        var grown = Assert.Single((await Store.UpsertAsync([TestCandidates.Threshold("tx-2", severity: Severity.Low)])).Updated);

        Assert.Equal(3, grown.Version);
        Assert.Equal(Severity.High, grown.Severity);
        Assert.Null(grown.PendingResolution);
        Assert.Null((await Store.GetAsync(raised.Id))!.PendingResolution);
        Assert.Equal(["alert.raised", "alert.resolution-staged", "alert.approval-cleared"],
            (await Backend.Audit.ListForTargetAsync(raised.Id, "acme", 10)).Select(h => h.Action));
    }

    [Fact]
    public async Task A_silenced_new_alert_is_stored_suppressed_and_not_published()
    {
        var store = Backend.OpenStore(new SilenceAll("sil-1"), publish: true);

        var alert = Assert.Single((await store.UpsertAsync([TestCandidates.Threshold("tx-1", "fp-s")])).Created);
        var grown = Assert.Single((await store.UpsertAsync([TestCandidates.Threshold("tx-2", "fp-s")])).Updated);

        Assert.Equal(AlertStatus.Suppressed, alert.Status);
        Assert.Equal("sil-1", alert.SilencedBy);
        Assert.Equal(alert.Id, grown.Id);
        Assert.Equal(AlertStatus.Suppressed, (await store.GetAsync(alert.Id))!.Status);
        var events = await Backend.Events.ReadAfterAsync(0, 10);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.False(e.Notify));
        Assert.Empty(await Backend.Events.ReadAfterAsync(0, 10, new AlertEventFilter { NotifyOnly = true }));
        Assert.Empty(await TopicAsync());
    }

    [Fact]
    public async Task A_reader_waiting_for_events_wakes_when_a_change_commits()
    {
        var raised = await RaiseAsync();
        var last = await Backend.Events.LastSeqAsync();
        var waiting = Backend.Events.WaitForEventsAsync(last, TimeSpan.FromSeconds(30));
        Assert.False(waiting.IsCompleted);

        await Store.ChangeAsync(Acknowledge(raised.Id, 1));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(last + 1, await Backend.Events.LastSeqAsync());
    }

    private sealed class SilenceAll(string id) : ISilenceMatcher
    {
        public string? Match(Alert alert, DateTimeOffset now) => id;
    }
}
