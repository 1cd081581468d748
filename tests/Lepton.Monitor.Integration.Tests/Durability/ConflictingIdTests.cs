using System.Net;

namespace Lepton.Monitor.Integration.Tests.Durability;

/// <summary>
/// Issue 12, item 4, over real HTTP: a 30,000 cash deposit re-sent under a benign record's id is rejected with a reason
/// and dead-lettered, not counted as a duplicate and dropped; an identical retry stays a duplicate.
/// </summary>
public sealed class ConflictingIdTests : IAsyncLifetime
{
    private const string Benign = """{"id":"tx-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":12.5,"currency":"USD","channel":"card","originator":{"account":"A1","name":"N","country":"US","customerId":"C1"},"beneficiary":{"account":"A2","name":"M","country":"US"}}""";
    private const string Deposit = """{"id":"tx-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":30000,"currency":"USD","channel":"cash","originator":{"account":"A1","name":"N","country":"US","customerId":"C1"},"beneficiary":{"account":"A2","name":"M","country":"US"}}""";

    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path);
        await _host.Admin.CreateTenantAsync("acme", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_different_record_under_a_used_id_is_rejected_and_dead_lettered_and_an_identical_retry_stays_a_duplicate()
    {
        var first = await _host.Admin.PostRecordsAsync(Benign);
        var conflicting = await _host.Admin.PostRecordsAsync(Deposit);
        var retry = await _host.Admin.PostRecordsAsync(Benign);
        await _host.WaitForIdleAsync();

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, conflicting.Status);
        Assert.Equal(0, conflicting.Body["accepted"]!.GetValue<int>());
        Assert.Equal(0, conflicting.Body["duplicates"]!.GetValue<int>());
        var rejected = Assert.Single(conflicting.Body["rejected"]!.AsArray())!.AsObject();
        Assert.Equal(("tx-1", "id: already used for a different record"), (rejected.Text("id"), rejected.Text("reason")));
        var letter = Assert.Single(await _host.Admin.GetAllAsync("/v1/dead-letters?tenant=acme"));
        Assert.Equal(("tx-1", "id: already used for a different record"), (letter.Text("recordId"), letter.Text("reason")));

        Assert.Equal(1, retry.Body["duplicates"]!.GetValue<int>());
        Assert.Empty(retry.Body["rejected"]!.AsArray());
        // Only the benign record was checked: the deposit never reached a monitor under the benign record's id.
        Assert.Empty(await _host.Admin.GetAllAsync("/v1/alerts?tenant=acme&ruleKind=threshold"));
    }
}
