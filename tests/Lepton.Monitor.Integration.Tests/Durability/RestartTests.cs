
namespace Lepton.Monitor.Integration.Tests.Durability;

/// <summary>Stopping and starting the host on the same data folder loses no alert and no dead letter.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Alerts_and_dead_letters_survive_a_restart()
    {
        using var data = new TempFolder();
        List<string> alertsBefore, lettersBefore;
        await using (var host = await LeptonTestHost.StartAsync(data.Path))
        {
            await host.Admin.CreateTenantAsync("acme", "US", "GLOBAL");
            var ndjson = """
                {"id":"r-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":40000,"currency":"USD","channel":"cash","originator":{"account":"A1","name":"N","country":"US","customerId":"C1"}}
                {"id":"r-2","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":0,"currency":"USD","channel":"cash"}
                {"id":"r-3","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":700,"currency":"USD","channel":"wire","originator":{"account":"A3","name":"N","country":"US","customerId":"C3"},"beneficiary":{"account":"B3","name":"M","country":"KP"}}
                """;
            await host.Admin.PostRecordsAsync(ndjson);
            await host.WaitForIdleAsync();
            alertsBefore = (await host.Admin.GetAllAsync("/v1/alerts?tenant=acme")).Select(a => a.ToJson()).ToList();
            lettersBefore = (await host.Admin.GetAllAsync("/v1/dead-letters")).Select(a => a.ToJson()).ToList();
            Assert.Contains(alertsBefore, a => a.Contains("\"ruleKind\":\"threshold\""));
            Assert.Contains(alertsBefore, a => a.Contains("\"ruleKind\":\"sanctioned-country\""));
            Assert.Single(lettersBefore);
        }

        await using (var host = await LeptonTestHost.StartAsync(data.Path))
        {
            var alertsAfter = (await host.Admin.GetAllAsync("/v1/alerts?tenant=acme")).Select(a => a.ToJson()).ToList();
            var lettersAfter = (await host.Admin.GetAllAsync("/v1/dead-letters")).Select(a => a.ToJson()).ToList();
            Assert.Equal(alertsBefore, alertsAfter);
            Assert.Equal(lettersBefore, lettersAfter);

            // The same ids again after the restart are still recognised (idempotency survives restarts).
            var (_, body) = await host.Admin.PostRecordsAsync("""{"id":"r-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":40000,"currency":"USD","channel":"cash","originator":{"account":"A1","name":"N","country":"US","customerId":"C1"}}""");
            Assert.Equal(1, body["duplicates"]!.GetValue<int>());
        }
    }
}
