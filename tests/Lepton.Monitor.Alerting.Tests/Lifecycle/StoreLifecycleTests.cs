using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>The lifecycle through the real store: versions, updatedAt, automatic changes, four-eyes and new records.</summary>
public sealed class StoreLifecycleTests : IDisposable
{
    private readonly LifecycleStore _s = new();

    public void Dispose() => _s.Dispose();

    [Fact]
    public async Task Every_change_increments_the_version_and_moves_updatedAt()
    {
        var alert = await _s.RaiseAsync("tx-1");
        var seen = alert;
        foreach (var (action, parameters) in new (AlertAction, AlertActionParameters)[]
        {
            (AlertAction.Acknowledge, AlertActionParameters.None),
            (AlertAction.Assign, new(Assignee: "bo")),
            (AlertAction.Comment, new(Text: "called the branch")),
            (AlertAction.Escalate, AlertActionParameters.None),
            (AlertAction.Resolve, new(Disposition: Disposition.TruePositive)),
            (AlertAction.Reopen, AlertActionParameters.None),
        })
        {
            _s.Clock.Advance(TimeSpan.FromMinutes(1));
            var result = await _s.ActAsync(seen, action, parameters);
            Assert.Equal(AlertChangeOutcome.Changed, result.Outcome);
            Assert.Equal(seen.Version + 1, result.Alert!.Version);
            Assert.Equal(_s.Clock.GetUtcNow(), result.Alert.UpdatedAt);
            Assert.True(result.Alert.UpdatedAt > seen.UpdatedAt);
            seen = result.Alert;
        }
        Assert.Equal(alert.Version + 6, (await _s.Store.GetAsync(alert.Id))!.Version);
    }

    [Fact]
    public async Task Automatic_changes_only_raise_severity()
    {
        var high = await _s.RaiseAsync("tx-1", severity: Severity.High);

        var joined = Assert.Single((await _s.Store.UpsertAsync([LifecycleStore.Candidate("tx-2", severity: Severity.Low)])).Updated);

        Assert.Equal(high.Id, joined.Id);
        Assert.Equal(2, joined.Count);
        Assert.Equal(Severity.High, (await _s.Store.GetAsync(high.Id))!.Severity);

        var critical = Assert.Single((await _s.Store.UpsertAsync([LifecycleStore.Candidate("tx-3", severity: Severity.Critical)])).Updated);
        Assert.Equal(Severity.Critical, critical.Severity);
    }

    [Fact]
    public async Task A_new_record_joining_the_alert_clears_a_staged_resolution()
    {
        var fourEyes = new TenantSettings(FourEyesResolution: true);
        var alert = await _s.RaiseAsync("tx-1");
        var staged = await _s.ActAsync(alert, AlertAction.Resolve, new(Disposition: Disposition.FalsePositive), settings: fourEyes);
        Assert.NotNull(staged.Alert!.PendingResolution);
        Assert.Equal(AlertStatus.Open, staged.Alert.Status);

        await _s.Store.UpsertAsync([LifecycleStore.Candidate("tx-2")]);

        var current = (await _s.Store.GetAsync(alert.Id))!;
        Assert.Null(current.PendingResolution);
        var approve = await _s.ActAsync(current, AlertAction.Approve, AlertActionParameters.None, actor: "bo", settings: fourEyes);
        Assert.Equal(AlertChangeOutcome.Refused, approve.Outcome);
        Assert.Equal(AlertRefusal.Conflict, approve.Refusal!.Refusal);
        Assert.Contains((await _s.Audit.ListForTargetAsync(alert.Id, "acme", 100)), e => e.Action == "alert.approval-cleared");
    }
}
