using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// <see cref="AlertChangeContractTests"/> on PostgreSQL, and the change feed across processes: a commit in one wakes
/// readers in another, and readers never move past an event whose transaction has not committed yet.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAlertChangeTests(PostgresServer server) : AlertChangeContractTests
{
    private PostgresAlertBackend Postgres => (PostgresAlertBackend)Backend;

    protected override async Task<AlertBackend> CreateBackendAsync() => await PostgresAlertBackend.CreateAsync(server);

    [Fact]
    public async Task An_event_committed_by_one_process_wakes_a_reader_waiting_in_another()
    {
        var (writer, _) = Postgres.OpenOtherProcess();
        var (_, readerLog) = Postgres.OpenOtherProcess();
        var last = await readerLog.LastSeqAsync();
        // Longer than the test's own bound: only a wake-up (notification or the 1 s poll) can complete it in time.
        var waiting = readerLog.WaitForEventsAsync(last, TimeSpan.FromMinutes(5));

        await writer.UpsertAsync([TestCandidates.Threshold("tx-1")]);

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(AlertEventTypes.Raised, Assert.Single(await readerLog.ReadAfterAsync(last, 10)).Type);
    }

    [Fact]
    public async Task A_reader_never_passes_an_event_whose_transaction_commits_late()
    {
        var raised = Assert.Single((await Store.UpsertAsync([TestCandidates.Threshold("tx-1", "fp-a")])).Created);
        var start = await Backend.Events.LastSeqAsync();

        // A slow writer: its event is appended (seq taken) but its transaction stays open.
        await using var slow = await Postgres.DataSource.OpenConnectionAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        var slowSeq = await PostgresAlertEventLog.AppendAsync(slow, transaction, [(raised, raised)], Backend.Clock.GetUtcNow(), CancellationToken.None);

        // A fast writer from another process starts after it and would commit first without the feed's lock.
        var (fast, _) = Postgres.OpenOtherProcess();
        var fastWrite = fast.UpsertAsync([TestCandidates.Threshold("tx-2", "fp-b")]);
        await WaitUntilAsync(async () => await WaitingAdvisoryLocksAsync() > 0 || fastWrite.IsCompleted);

        Assert.Empty(await Backend.Events.ReadAfterAsync(start, 10));
        await transaction.CommitAsync();
        await fastWrite.WaitAsync(TimeSpan.FromSeconds(30));

        var events = await Backend.Events.ReadAfterAsync(start, 10);
        Assert.Equal(2, events.Count);
        Assert.Equal(slowSeq, events[0].Seq);
        Assert.True(events[1].Seq > slowSeq);
    }

    [Fact]
    public async Task Events_of_concurrent_writers_are_read_in_seq_order_and_the_board_position_matches_its_rows()
    {
        var (a, _) = Postgres.OpenOtherProcess();
        var (b, _) = Postgres.OpenOtherProcess();

        await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            a.UpsertAsync([TestCandidates.Threshold($"a-{i}", $"fp-a-{i}")]),
            b.UpsertAsync([TestCandidates.Threshold($"b-{i}", $"fp-b-{i}")]),
        }));

        var events = await Backend.Events.ReadAfterAsync(0, 100);
        Assert.Equal(20, events.Count);
        Assert.Equal(events.Select(e => e.Seq).Order(), events.Select(e => e.Seq));
        var board = await Backend.Board.ReadAsync(new BoardAlertQuery());
        Assert.Equal(events[^1].Seq, board.Position);
        Assert.Equal(20, board.Total);
    }

    private async Task<long> WaitingAdvisoryLocksAsync()
    {
        await using var command = Postgres.DataSource.CreateCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the condition did not hold within 30 s");
            await Task.Delay(20);
        }
    }
}
