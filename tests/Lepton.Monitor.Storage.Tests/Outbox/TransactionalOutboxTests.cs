using System.Text;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>An alert and its alert-topic message commit together or not at all.</summary>
public sealed class TransactionalOutboxTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly LeptonDatabase _db;
    private readonly SqliteAlertOutbox _outbox;

    public TransactionalOutboxTests()
    {
        _db = _folder.Open();
        _outbox = new SqliteAlertOutbox(_db, TimeProvider.System);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    private sealed class RecordingEncoder(bool fail = false) : IAlertChangeEncoder
    {
        public OutboxMessage Encode(Alert alert, string type, DateTimeOffset now) => fail
            ? throw new InvalidOperationException("encoder down")
            : new OutboxMessage(alert.Tenant, $"{alert.Id}/{alert.Count}", Encoding.UTF8.GetBytes(type.Replace("alert.", "") + ":" + alert.Id));
    }

    [Fact]
    public async Task Every_created_and_updated_alert_leaves_one_message_and_a_replay_none()
    {
        await using var store = new SqliteAlertStore(_db, null, _outbox, new RecordingEncoder());

        var first = await store.UpsertAsync([TestCandidates.Threshold("tx-1")]);
        await store.UpsertAsync([TestCandidates.Threshold("tx-2")]);
        await store.UpsertAsync([TestCandidates.Threshold("tx-2")]); // replayed record: no change, no message

        var entries = await _outbox.PeekAsync(100);
        var id = Assert.Single(first.Created).Id;
        Assert.Equal(["raised:" + id, "updated:" + id], entries.Select(e => Encoding.UTF8.GetString(e.Payload)));
        Assert.All(entries, e => Assert.Equal("acme", e.Key));
    }

    [Fact]
    public async Task When_the_message_cannot_be_written_the_alert_is_not_stored_either()
    {
        await using var store = new SqliteAlertStore(_db, null, _outbox, new RecordingEncoder(fail: true));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpsertAsync([TestCandidates.Threshold("tx-1")]));

        Assert.Empty((await store.QueryAsync(new AlertQuery { Tenant = "acme" })).Items);
        Assert.Empty(await _outbox.PeekAsync(100));
    }
}
