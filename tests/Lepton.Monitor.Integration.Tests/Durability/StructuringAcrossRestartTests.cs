namespace Lepton.Monitor.Integration.Tests.Durability;

/// <summary>
/// A structuring pattern split across a restart is still caught: the monitor's entity windows are grain state,
/// written at deactivation (graceful stop) and restored by the next activation.
/// </summary>
public sealed class StructuringAcrossRestartTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    // Cash just under the 10,000 USD CTR threshold, same customer, an hour apart: three make a structuring pattern.
    private static string Deposit(int n, decimal amount) =>
        $$$"""{"id":"dep-{{{n}}}","tenant":"acme","timestamp":"2026-11-22T{{{10 + n:D2}}}:00:00Z","amount":{{{amount}}},"currency":"USD","channel":"cash","originator":{"account":"ACC-77","name":"Sam Smurf","country":"US","customerId":"CUST-77"},"beneficiary":{"account":"ACC-88","name":"Bank Till","country":"US"}}""";

    [Fact]
    public async Task Two_deposits_before_and_one_after_a_restart_raise_one_structuring_alert()
    {
        await using (var host = await LeptonTestHost.StartAsync(_data.Path))
        {
            await host.Admin.CreateTenantAsync("acme", "US");
            await host.Admin.PostRecordsAsync(Deposit(1, 9_000m) + "\n" + Deposit(2, 9_400m));
            await host.WaitForIdleAsync();
            Assert.DoesNotContain(await host.Admin.GetAllAsync("/v1/alerts?tenant=acme"), a => a.Text("ruleKind") == "structuring");
        }

        await using (var host = await LeptonTestHost.StartAsync(_data.Path))
        {
            await host.Admin.PostRecordsAsync(Deposit(3, 9_100m));
            await host.WaitForIdleAsync();
            var alert = Assert.Single(await host.Admin.GetAllAsync("/v1/alerts?tenant=acme"), a => a.Text("ruleKind") == "structuring");
            Assert.Contains("dep-3", alert.RecordIds());
            Assert.Contains("27,500", alert["explanation"]!["summary"]!.GetValue<string>().Replace(".00", ""));
        }
    }

    [Fact]
    public async Task Without_the_third_deposit_nothing_is_raised_after_the_restart()
    {
        await using (var host = await LeptonTestHost.StartAsync(_data.Path))
        {
            await host.Admin.CreateTenantAsync("acme", "US");
            await host.Admin.PostRecordsAsync(Deposit(1, 9_000m) + "\n" + Deposit(2, 9_400m));
            await host.WaitForIdleAsync();
        }
        await using (var host = await LeptonTestHost.StartAsync(_data.Path))
        {
            await host.Admin.PostRecordsAsync(Deposit(3, 7_000m)); // under the 8,000 floor: not part of a pattern
            await host.WaitForIdleAsync();
            Assert.DoesNotContain(await host.Admin.GetAllAsync("/v1/alerts?tenant=acme"), a => a.Text("ruleKind") == "structuring");
        }
    }
}
