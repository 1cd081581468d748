using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="AlertStoreContractTests"/> on SQLite, and what only the embedded store shows (its columns, a real reopen).</summary>
public sealed class AlertStoreTests : AlertStoreContractTests
{
    private SqliteAlertBackend Sqlite => (SqliteAlertBackend)Backend;

    protected override Task<AlertBackend> CreateBackendAsync() => Task.FromResult<AlertBackend>(new SqliteAlertBackend());

    [Fact]
    public async Task Triage_is_stored_with_product_names_in_camel_case_json()
    {
        var alert = (await Store.UpsertAsync([TestCandidates.Threshold("tx-1")])).Created[0];
        var at = TestCandidates.T0.AddHours(1);

        var resolved = await Store.UpdateAsync(alert.Id, a => a with
        {
            Status = AlertStatus.Resolved,
            Disposition = Disposition.TruePositive,
            Assignee = "ana",
            Comments = [new AlertComment("ana", "filed SAR", at)],
        });

        Assert.Equal(resolved, await Store.GetAsync(alert.Id), AlertComparer.Instance);
        using var connection = Sqlite.Db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, disposition, comments, explanation, severity FROM alerts WHERE id = $id;";
        command.Parameters.AddWithValue("$id", alert.Id);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("resolved", reader.GetString(0));
        Assert.Equal("true-positive", reader.GetString(1));
        Assert.Contains("\"author\":\"ana\"", reader.GetString(2));
        Assert.Contains("\"legalSource\":\"31 CFR 1010.311\"", reader.GetString(3));
        Assert.Equal("high", reader.GetString(4));
    }

    [Fact]
    public async Task Alerts_survive_reopen()
    {
        var alert = (await Store.UpsertAsync([TestCandidates.Model("tx-1", 0.9)])).Created[0];
        await Sqlite.DisposeStoresAndDatabaseAsync();

        using var reopened = Sqlite.Folder.Open();
        await using var store = new SqliteAlertStore(reopened);

        Assert.Equal(alert, await store.GetAsync(alert.Id), AlertComparer.Instance);
        Assert.Equal(1, (await store.UpsertAsync([TestCandidates.Model("tx-1", 0.9)])).Unchanged);
    }
}
