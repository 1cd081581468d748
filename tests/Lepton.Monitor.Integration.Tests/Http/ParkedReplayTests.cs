using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>Issue 12 item 6: a record parked during an outage is retried with backoff until its monitor checks it.</summary>
public sealed class ParkedReplayTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private ParkedTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ParkedTestHost.StartAsync(_data.Path);
        await _host.Admin.CreateTenantAsync("acme", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_record_parked_while_its_monitor_failed_is_retried_with_backoff_and_checked_once_the_failure_stops()
    {
        _host.Alerts.FailsFor = _ => true;
        await _host.Parked.ParkAsync([new ParkedRecord(ParkedTestHost.Cash("acme", "tx-outage", "US"), "acme/US",
            "processing: monitor acme/US failed: TimeoutException", Retryable: true)]);

        // While the outage lasts the replayer keeps trying (attempt 1 was the dispatcher's) and the process says so.
        var retried = await _host.WaitForAsync("/v1/parked", items => items is [var item] && item["attempts"]!.GetValue<int>() >= 3);
        Assert.Contains("alert store unavailable", retried[0].Text("lastError"), StringComparison.Ordinal);
        Assert.True(retried[0]["retryable"]!.GetValue<bool>());
        Assert.Contains(_host.Health.Conditions, c => c.Name == ParkedRecordReplayer.HealthCondition);
        var degraded = (await _host.Admin.GetFromJsonAsync<JsonObject>("/health/ready"))!;
        Assert.Equal("degraded", degraded.Text("status"));
        Assert.Contains(degraded["degraded"]!.AsArray(), c => c!.AsObject().Text("name") == ParkedRecordReplayer.HealthCondition);
        Assert.Empty(await _host.Admin.GetAllAsync("/v1/alerts?recordId=tx-outage"));

        _host.Alerts.FailsFor = _ => false;

        await _host.WaitForAsync("/v1/parked", items => items.Count == 0);
        var alert = Assert.Single(await _host.Admin.GetAllAsync("/v1/alerts?recordId=tx-outage"));
        Assert.Equal("us-cash-ctr", alert.Text("ruleId"));
        await WaitUntilAsync(() => !_host.Health.Conditions.Any(c => c.Name == ParkedRecordReplayer.HealthCondition));
        Assert.Equal(new ParkedCounts(0, 0), await _host.Parked.CountAsync());
        Assert.Equal("ready", (await _host.Admin.GetFromJsonAsync<JsonObject>("/health/ready"))!.Text("status"));
    }

    [Fact]
    public async Task The_replayer_survives_its_own_store_failing_says_so_and_retries_once_the_store_is_back()
    {
        _host.ParkedSwitch.Broken = true;
        await _host.Parked.ParkAsync([new ParkedRecord(ParkedTestHost.Cash("acme", "tx-store-down", "US"), "acme/US",
            "processing: monitor acme/US failed: TimeoutException", Retryable: true)]);

        await WaitUntilAsync(() => _host.Health.Conditions.Any(c => c.Name == ParkedRecordReplayer.FailingCondition));
        Assert.Equal(new ParkedCounts(1, 1), await _host.Parked.CountAsync());

        _host.ParkedSwitch.Broken = false;

        await _host.WaitForAsync("/v1/parked", items => items.Count == 0);
        Assert.Single(await _host.Admin.GetAllAsync("/v1/alerts?recordId=tx-store-down"));
        await WaitUntilAsync(() => !_host.Health.Conditions.Any(c => c.Name is ParkedRecordReplayer.FailingCondition or ParkedRecordReplayer.HealthCondition));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 30 s");
            await Task.Delay(20);
        }
    }
}
