using System.Text;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>Raw account numbers, names and customer ids reach no store and no API answer.</summary>
public sealed class PseudonymizationTests
{
    private const string RawAccount = "DE89370400440532013000";
    private const string RawName = "Zelda Quixotic-Rawname";
    private const string RawCustomer = "CUST-RAW-777123";

    [Fact]
    public async Task A_raw_account_number_appears_in_no_store_and_no_api_answer()
    {
        using var data = new TempFolder();
        var answers = new StringBuilder();
        await using (var host = await LeptonTestHost.StartAsync(data.Path))
        {
            await host.Admin.CreateTenantAsync("acme", "US", "EU");
            var party = $$$"""{"account":"{{{RawAccount}}}","name":"{{{RawName}}}","country":"DE","customerId":"{{{RawCustomer}}}"}""";
            var alerting = $$$"""{"id":"p-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":50000,"currency":"EUR","channel":"cash","originator":{{{party}}},"beneficiary":{"account":"{{{RawAccount}}}","name":"{{{RawName}}}","country":"IR"}}""";
            var invalid = $$$"""{"id":"p-2","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":-1,"currency":"EUR","channel":"cash","originator":{{{party}}}}""";

            var (_, body) = await host.Admin.PostRecordsAsync(alerting + "\n" + invalid);
            answers.Append(body.ToJson());
            await host.WaitForIdleAsync();

            var alerts = await host.Admin.GetAllAsync("/v1/alerts?tenant=acme");
            Assert.NotEmpty(alerts);
            foreach (var alert in alerts)
                answers.Append(await host.Admin.GetStringAsync($"/v1/alerts/{alert.Text("id")}"));
            var letters = await host.Admin.GetAllAsync("/v1/dead-letters?tenant=acme");
            Assert.Single(letters);
            answers.Append(string.Join('\n', letters.Select(l => l.ToJson())));
            answers.Append(await host.Admin.GetStringAsync("/metrics"));
        }

        foreach (var raw in new[] { RawAccount, RawName, RawCustomer })
        {
            Assert.DoesNotContain(raw, answers.ToString());
            foreach (var file in Directory.EnumerateFiles(data.Path, "*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(raw)) < 0, $"'{raw}' found in {file}");
            }
        }
    }
}
