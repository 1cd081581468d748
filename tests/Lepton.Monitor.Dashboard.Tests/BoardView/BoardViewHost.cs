using System.Net;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Dashboard.Tests.BoardView;

/// <summary>The board's host with a 5-second SLA for critical alerts, so a breached timer shows within a test.</summary>
public sealed class BoardViewHost : BoardHost
{
    protected override string[] HostArgs => ["--Lepton:Dashboard:Sla:critical", "00:00:05"];

    /// <summary>
    /// Posts one record and returns every alert it raised. kind: "cash" (us-cash-ctr, high), "sanctioned"
    /// (us-sanctioned-country, critical), "pii" (us-pii-in-memo, medium), "eu-cash" (eu-cash-large, high).
    /// </summary>
    public async Task<List<JsonObject>> RaiseAsync(string tenant, string customer, string kind = "cash")
    {
        var id = $"{tenant}-{customer}-{Guid.NewGuid():N}";
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        // Placeholders instead of interpolation: the JSON is full of braces.
        var template = kind switch
        {
            "sanctioned" => """{"id":"ID","tenant":"TENANT","timestamp":"AT","amount":450,"currency":"USD","channel":"card","originator":{"account":"A-CUSTOMER","name":"N","country":"US","customerId":"CUSTOMER"},"beneficiary":{"account":"B-CUSTOMER","name":"M","country":"IR"}}""",
            "pii" => """{"id":"ID","tenant":"TENANT","timestamp":"AT","amount":120,"currency":"USD","channel":"card","memo":"refund to jane.doe@example.com","originator":{"account":"A-CUSTOMER","name":"N","country":"US","customerId":"CUSTOMER"}}""",
            "eu-cash" => """{"id":"ID","tenant":"TENANT","timestamp":"AT","amount":15000,"currency":"EUR","channel":"cash","originator":{"account":"A-CUSTOMER","name":"N","country":"DE","customerId":"CUSTOMER"}}""",
            _ => """{"id":"ID","tenant":"TENANT","timestamp":"AT","amount":12500,"currency":"USD","channel":"cash","originator":{"account":"A-CUSTOMER","name":"N","country":"US","customerId":"CUSTOMER"}}""",
        };
        var record = template.Replace("\"ID\"", $"\"{id}\"").Replace("TENANT", tenant).Replace("\"AT\"", $"\"{at}\"").Replace("CUSTOMER", customer);
        var (status, body) = await Host.Admin.PostRecordsAsync(record);
        Assert.True(status == HttpStatusCode.Accepted && body["accepted"]!.GetValue<int>() == 1, body.ToJson());
        await Host.WaitForIdleAsync();
        var alerts = await Host.Admin.GetAllAsync($"/v1/alerts?tenant={tenant}&recordId={id}");
        Assert.NotEmpty(alerts);
        return alerts;
    }

    public async Task<JsonObject> GetAlertAsync(string id)
    {
        var response = await Host.Admin.GetAsync($"/v1/alerts/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}

[CollectionDefinition(Name)]
public sealed class BoardViewCollection : ICollectionFixture<BoardViewHost>
{
    public const string Name = "board view";
}
