using System.Net;
using System.Text;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>Request limits answer 413, a malformed array 400, bad records get reasons that name the field.</summary>
public sealed class BodyLimitTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path, "--Lepton:Ingest:MaxRecordsPerRequest", "4", "--Lepton:Ingest:MaxBodyBytes", "4096");
        await _host.Admin.CreateTenantAsync("acme", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private static string Record(string id, string amount = "10", string currency = "USD") =>
        $$$"""{"id":"{{{id}}}","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":{{{amount}}},"currency":"{{{currency}}}","channel":"card"}""";

    [Fact]
    public async Task Too_many_records_is_413()
    {
        var (status, body) = await _host.Admin.PostRecordsAsync(string.Join('\n', Enumerable.Range(0, 5).Select(i => Record("r" + i))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("4", body.Text("error"));
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        var (status, _) = await _host.Admin.PostRecordsAsync(new string(' ', 5000) + Record("big"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
    }

    [Fact]
    public async Task Malformed_json_array_is_400()
    {
        var (status, body) = await _host.Admin.PostRecordsAsync("[" + Record("a") + ", {\"id\": ");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrEmpty(body.Text("error")));
    }

    [Fact]
    public async Task Bad_records_are_rejected_with_a_reason_naming_the_field_and_good_ones_accepted()
    {
        var ndjson = string.Join('\n', Record("ok"), Record("neg", amount: "-5"), "{not json", Record("cur", currency: "XYZ"));
        var (status, body) = await _host.Admin.PostRecordsAsync(ndjson);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(1, body["accepted"]!.GetValue<int>());
        var reasons = body["rejected"]!.AsArray().Select(r => (r!["index"]!.GetValue<int>(), r["reason"]!.GetValue<string>())).ToList();
        Assert.Equal(3, reasons.Count);
        Assert.StartsWith("amount:", reasons[0].Item2);
        Assert.Equal(1, reasons[0].Item1);
        Assert.StartsWith("json:", reasons[1].Item2);
        Assert.StartsWith("currency:", reasons[2].Item2);
        var letters = await _host.Admin.GetAllAsync("/v1/dead-letters");
        Assert.Equal(3, letters.Count);
    }

    [Fact]
    public async Task Unknown_tenant_is_rejected_per_record()
    {
        var (status, body) = await _host.Admin.PostRecordsAsync(Record("x").Replace("\"acme\"", "\"nobody\""));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("tenant: unknown tenant 'nobody'", body["rejected"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_forged_cursor_or_page_size_out_of_range_is_400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Admin.GetAsync("/v1/alerts?cursor=%%%not-a-cursor")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Admin.GetAsync("/v1/alerts?pageSize=501")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Admin.GetAsync("/v1/alerts?status=sleeping")).StatusCode);
    }
}
