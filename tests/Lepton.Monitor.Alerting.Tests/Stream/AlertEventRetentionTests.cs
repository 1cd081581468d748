using Lepton.Monitor.Dashboard.Streaming;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>What one pruning pass deletes, on the real change feed in SQLite, with the clock moved past the window.</summary>
public sealed class AlertEventRetentionTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly LeptonDatabase _db;
    private readonly SqliteAlertEventLog _log;
    private readonly SqliteAlertStore _store;

    public AlertEventRetentionTests()
    {
        _db = LeptonDatabase.Open(_data.Path);
        _log = new SqliteAlertEventLog(_db);
        _store = new SqliteAlertStore(_db, TimeProvider.System, events: _log);
    }

    public void Dispose()
    {
        _store.Dispose();
        _db.Dispose();
        _data.Dispose();
    }

    private sealed class LaterClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }

    private AlertEventRetention Retention(IWebhookStore? webhooks) =>
        new(_log, Options.Create(new AlertStreamOptions { Retention = TimeSpan.FromHours(1) }), new LaterClock(TimeSpan.FromHours(2)),
            NullLogger<AlertEventRetention>.Instance, webhooks);

    private async Task<IReadOnlyList<AlertEvent>> ThreeEventsAsync()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _store.UpsertAsync([StreamAlerts.Candidate("acme", $"fp-{i}", $"r-{i}")]);
            await Task.Delay(5); // distinct commit times
        }
        return await _log.ReadAfterAsync(0, 10);
    }

    [Fact]
    public async Task Events_older_than_the_window_are_pruned_all_but_the_newest()
    {
        var events = await ThreeEventsAsync();

        Assert.Equal(2, await Retention(webhooks: null).PruneOnceAsync());

        Assert.Equal(events[2].Seq, await _log.FirstSeqAsync());
        Assert.Equal(events[2].Seq, await _log.LastSeqAsync());
    }

    [Fact]
    public async Task Events_the_webhook_dispatcher_has_not_fanned_out_are_kept_whatever_their_age()
    {
        var events = await ThreeEventsAsync();
        var webhooks = new SqliteWebhookStore(_db, TimeProvider.System);
        Assert.True(await webhooks.FanOutAsync(0, events[0].Seq, [])); // only the first was fanned out

        Assert.Equal(1, await Retention(webhooks).PruneOnceAsync());

        Assert.Equal(events[1].Seq, await _log.FirstSeqAsync());
    }
}
