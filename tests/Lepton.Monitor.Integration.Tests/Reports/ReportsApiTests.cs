using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Monitor.Compliance.Filings.Fill;

namespace Lepton.Monitor.Integration.Tests.Reports;

/// <summary>
/// /v1/reports through the real host: a CTR drafted from a resolved true-positive cash alert, edited, submitted,
/// approved under four-eyes by the approver role, filed, exported and audited; then filled offline by
/// `lepton report fill`'s command with the product's key file, while no raw identity ever reaches the product.
/// </summary>
public sealed class ReportsApiTests : IAsyncLifetime
{
    private const string RawCustomer = "CUST-RAW-990077";
    private const string KycFirstName = "Zelda";
    private const string KycLastName = "Quixotic-Kycname";

    private readonly TempFolder _data = new();
    private readonly TempFolder _outside = new();
    private string _keyFile = null!;
    private LeptonTestHost _host = null!;
    private readonly StringBuilder _answers = new();

    private static readonly object Filer = new
    {
        name = "Example Community Bank",
        tin = "123456789",
        transmitterControlCode = "TBSATEST",
        regulatorCode = "2",
        street = "1 Main Street",
        city = "Springfield",
        state = "IL",
        zip = "62701",
        country = "US",
        contactOffice = "BSA Office",
        contactPhone = "217-555-0100",
    };

    public async Task InitializeAsync()
    {
        _keyFile = Path.Combine(_outside.Path, "pseudonym.key");
        _host = await LeptonTestHost.StartAsync(_data.Path, "--Lepton:Privacy:KeyFile", _keyFile);
        await _host.Admin.CreateTenantAsync("acme", "US");
        await _host.Admin.CreateTenantAsync("globex", "US");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        _data.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task A_ctr_goes_from_alert_to_filed_under_four_eyes_and_is_filled_outside_the_product()
    {
        using var analyst = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "acme"));
        using var approver = _host.Client(await _host.Admin.CreateKeyAsync("approver", "acme"));
        using var integration = _host.Client(await _host.Admin.CreateKeyAsync("integration", "acme"));
        var alert = await ResolvedCashAlertAsync(analyst);
        // The board learns what each may do: both draft, only the approver approves.
        var (analystMe, approverMe) = (await analyst.GetFromJsonAsync<JsonObject>("/v1/me"), await approver.GetFromJsonAsync<JsonObject>("/v1/me"));
        Assert.Equal((true, false), (analystMe!["can"]!["draftReports"]!.GetValue<bool>(), analystMe["can"]!["approveReports"]!.GetValue<bool>()));
        Assert.Equal((true, true, true), (approverMe!["can"]!["draftReports"]!.GetValue<bool>(), approverMe["can"]!["approveReports"]!.GetValue<bool>(), approverMe["can"]!["actOnAlerts"]!.GetValue<bool>()));

        // Drafted by the analyst from the resolved true positive.
        var created = await analyst.PostAsJsonAsync("/v1/reports", new { type = "fincen-ctr", alertIds = new[] { alert.Text("id") }, filer = Filer });
        var draft = await ReadAsync(created, HttpStatusCode.Created);
        var id = draft.Text("id");
        Assert.Equal("draft", draft.Text("status"));
        Assert.Equal(alert.Text("entity"), draft["content"]!["subjects"]![0]!.AsObject().Text("pseudonym"));
        Assert.Single(draft["content"]!["transactions"]!.AsArray());
        var validation = await ReadAsync(await analyst.GetAsync($"/v1/reports/{id}/validation"), HttpStatusCode.OK);
        Assert.True(validation["valid"]!.GetValue<bool>(), validation.ToJson());

        var edited = await ReadAsync(await analyst.PatchAsJsonAsync($"/v1/reports/{id}", new { version = 1, narrative = "Cash deposit of 50,000 USD." }), HttpStatusCode.OK);
        Assert.Equal(2, edited["version"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PatchAsJsonAsync($"/v1/reports/{id}", new { version = 1, narrative = "stale" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.PatchAsJsonAsync($"/v1/reports/{id}", new { version = 2, activityFrom = "2027-01-01" })).StatusCode);

        await ReadAsync(await analyst.PostAsJsonAsync($"/v1/reports/{id}/transitions", new { version = 2, action = "submit" }), HttpStatusCode.OK);
        // An analyst may not approve at all; integration keys do not see reports.
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/v1/reports/{id}/transitions", new { version = 3, action = "approve" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.GetAsync($"/v1/reports/{id}")).StatusCode);
        var approved = await ReadAsync(await approver.PostAsJsonAsync($"/v1/reports/{id}/transitions", new { version = 3, action = "approve" }), HttpStatusCode.OK);
        Assert.Equal("approved", approved.Text("status"));
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.PostAsJsonAsync($"/v1/reports/{id}/transitions", new { version = 4, action = "file" })).StatusCode);
        var filed = await ReadAsync(await analyst.PostAsJsonAsync($"/v1/reports/{id}/transitions", new { version = 4, action = "file", fiuReference = "31000123456789" }), HttpStatusCode.OK);
        Assert.Equal("filed", filed.Text("status"));
        Assert.Equal("31000123456789", filed.Text("fiuReference"));

        var export = await analyst.GetAsync($"/v1/reports/{id}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/xml", export.Content.Headers.ContentType!.MediaType);
        var xml = await export.Content.ReadAsStringAsync();
        _answers.Append(xml);
        Assert.Contains("<FormTypeCode>CTRX</FormTypeCode>", xml, StringComparison.Ordinal);
        Assert.Contains("TotalAmount=\"50000\"", xml, StringComparison.Ordinal);

        var listed = await analyst.GetAllAsync("/v1/reports?status=filed");
        Assert.Equal(id, Assert.Single(listed).Text("id"));
        Assert.Null(filed["reviewDueAt"]); // continuing-activity reviews are for SARs and STRs, not currency reports
        Assert.Empty(await analyst.GetAllAsync("/v1/reports?reviewDue=true"));
        var audit = (await _host.Admin.GetAllAsync("/v1/audit?tenant=acme")).Where(e => e.Text("target") == id).ToList();
        Assert.Equal(["report.created", "report.edited", "report.submit", "report.approve", "report.file"], audit.Select(e => e.Text("action")));
        Assert.True((await _host.Admin.GetFromJsonAsync<JsonObject>("/v1/audit/verify"))!["valid"]!.GetValue<bool>());

        // Offline, where the KYC data lives: the exported draft, the KYC file and the product's key file.
        var draftFile = Path.Combine(_outside.Path, "draft.json");
        var draftJson = await analyst.GetStringAsync($"/v1/reports/{id}");
        _answers.Append(draftJson);
        await File.WriteAllTextAsync(draftFile, draftJson);
        var kycFile = Path.Combine(_outside.Path, "kyc.csv");
        await File.WriteAllTextAsync(kycFile, $"customer_id,first_name,last_name,birth_date,id_type,id_number,country\n{RawCustomer},{KycFirstName},{KycLastName},1980-10-25,ssn,987654321,US\n");
        var output = Path.Combine(_outside.Path, "ctr.xml");
        var stderr = new StringWriter();
        var exit = await ReportFillCommand.RunAsync(new(draftFile, kycFile, output, _keyFile, null, false), TextWriter.Null, stderr);
        Assert.True(exit == ReportFillCommand.Ok, stderr.ToString());
        var filledXml = await File.ReadAllTextAsync(output);
        Assert.Contains($"<RawEntityIndividualLastName>{KycLastName}</RawEntityIndividualLastName>", filledXml, StringComparison.Ordinal);
        Assert.Contains("<PartyIdentificationNumberText>987654321</PartyIdentificationNumberText>", filledXml, StringComparison.Ordinal);

        await _host.DisposeAsync();
        _host = null!;
        foreach (var raw in new[] { RawCustomer, KycFirstName, KycLastName, "987654321" })
        {
            Assert.DoesNotContain(raw, _answers.ToString(), StringComparison.Ordinal);
            foreach (var file in Directory.EnumerateFiles(_data.Path, "*", SearchOption.AllDirectories))
                Assert.True((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(Encoding.UTF8.GetBytes(raw)) < 0, $"'{raw}' found in {file}");
        }
    }

    [Fact]
    public async Task The_author_cannot_approve_their_own_report_even_as_approver()
    {
        using var approver = _host.Client(await _host.Admin.CreateKeyAsync("approver", "acme"));
        var alert = await ResolvedCashAlertAsync(approver);
        var draft = await ReadAsync(await approver.PostAsJsonAsync("/v1/reports", new { type = "fincen-sar", alertIds = new[] { alert.Text("id") }, filer = Filer }), HttpStatusCode.Created);
        var id = draft.Text("id");
        await ReadAsync(await approver.PostAsJsonAsync($"/v1/reports/{id}/transitions", new { version = 1, action = "submit" }), HttpStatusCode.OK);

        var own = await approver.PostAsJsonAsync($"/v1/reports/{id}/transitions", new { version = 2, action = "approve" });

        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("four-eyes", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Another tenant's approver sees nothing of it.
        using var foreign = _host.Client(await _host.Admin.CreateKeyAsync("approver", "globex"));
        Assert.Equal(HttpStatusCode.NotFound, (await foreign.PostAsJsonAsync($"/v1/reports/{id}/transitions", new { version = 2, action = "approve" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await foreign.PostAsJsonAsync("/v1/reports", new { type = "fincen-sar", alertIds = new[] { alert.Text("id") } })).StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_error()
    {
        using var analyst = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "acme"));
        var open = await CashAlertAsync("bad-input");

        var badType = await analyst.PostAsJsonAsync("/v1/reports", new { type = "sar", alertIds = new[] { open.Text("id") } });
        var notResolved = await analyst.PostAsJsonAsync("/v1/reports", new { type = "fincen-sar", alertIds = new[] { open.Text("id") } });
        var nothing = await analyst.PostAsJsonAsync("/v1/reports", new { type = "fincen-sar" });

        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Contains("fincen-sar|fincen-ctr|goaml-str|goaml-ctr", await badType.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notResolved.StatusCode);
        Assert.Contains("true positive", await notResolved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/v1/reports?status=sent")).StatusCode);
    }

    private async Task<JsonObject> ResolvedCashAlertAsync(HttpClient analyst)
    {
        var alert = await CashAlertAsync(Guid.NewGuid().ToString("N"));
        var resolved = await analyst.PostAsJsonAsync($"/v1/alerts/{alert.Text("id")}/resolve",
            new { version = alert["version"]!.GetValue<long>(), disposition = "true-positive" });
        return await ReadAsync(resolved, HttpStatusCode.OK);
    }

    private async Task<JsonObject> CashAlertAsync(string id)
    {
        var record = $$$"""{"id":"{{{id}}}","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":50000,"currency":"USD","channel":"cash","originator":{"account":"ACC-{{{id}}}","name":"N","country":"US","customerId":"{{{RawCustomer}}}"}}""";
        var (status, body) = await _host.Admin.PostRecordsAsync(record);
        _answers.Append(body.ToJson());
        Assert.Equal(HttpStatusCode.Accepted, status);
        await _host.WaitForIdleAsync();
        var alerts = await _host.Admin.GetAllAsync("/v1/alerts?tenant=acme&status=open");
        var alert = alerts.First(a => a.RecordIds().Contains(id) && a.Text("ruleKind") == "threshold");
        _answers.Append(alert.ToJson());
        return alert;
    }

    private async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        _answers.Append(text);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
