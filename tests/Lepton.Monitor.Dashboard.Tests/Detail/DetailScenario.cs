using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Dashboard.Tests.Detail;

/// <summary>
/// Alerts for the detail tests, raised from records whose raw customer id, account and name the page must never show
/// (the record ids say nothing about the customer, unlike <see cref="BoardHost.RaiseCashAlertAsync"/>'s).
/// </summary>
public sealed class DetailScenario(BoardHost board, string tenant)
{
    public string Tenant { get; } = tenant;
    public string Customer { get; } = $"CUSTRAW{Guid.NewGuid():N}"[..16];
    public string Account => $"ACCTRAW-{Customer[7..]}";
    public const string Name = "Jane Rawlinson";
    public const string Card = "4111 1111 1111 1111";
    public const string CashRule = "us-cash-ctr";

    public static async Task<DetailScenario> NewAsync(BoardHost board, string prefix, bool fourEyes = false)
    {
        var tenant = await board.NewTenantAsync(prefix);
        if (fourEyes)
        {
            var response = await board.Host.Admin.PostAsJsonAsync("/v1/tenants",
                new { id = tenant, name = tenant, jurisdictions = new[] { "US", "EU" }, settings = new { fourEyesResolution = true } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        return new DetailScenario(board, tenant);
    }

    /// <summary>Posts US cash records of this customer (≥ 10,000 USD: us-cash-ctr) and returns their alert.</summary>
    public async Task<JsonObject> RaiseAsync(params decimal[] amounts)
    {
        string? last = null;
        foreach (var amount in amounts)
        {
            last = $"rec-{Guid.NewGuid():N}";
            var record = $$$"""{"id":"{{{last}}}","tenant":"{{{Tenant}}}","timestamp":"{{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}}","amount":{{{amount}}},"currency":"USD","channel":"cash","memo":"cash deposit, card {{{Card}}}","originator":{"account":"{{{Account}}}","name":"{{{Name}}}","country":"US","customerId":"{{{Customer}}}"}}""";
            var (status, body) = await board.Host.Admin.PostRecordsAsync(record);
            Assert.True(status == HttpStatusCode.Accepted && body["accepted"]!.GetValue<int>() == 1, body.ToJson());
        }
        await board.Host.WaitForIdleAsync();
        // The masked card number in the memo raises a PII-in-memo alert too; the tests work the cash one.
        return Assert.Single(await board.Host.Admin.GetAllAsync($"/v1/alerts?tenant={Tenant}&recordId={last}"), a => a.Text("ruleId") == CashRule);
    }

    /// <summary>A key of this tenant with its own name (the acting identity: four-eyes needs two).</summary>
    public async Task<string> KeyAsync(string name, string role = "analyst")
    {
        var response = await board.Host.Admin.PostAsJsonAsync("/v1/keys", new { role, tenant = Tenant, name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>();
    }
}
