using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Lepton.Monitor.Alerting.Tests.Silences.SilencesHost;

namespace Lepton.Monitor.Alerting.Tests.Silences;

/// <summary>The matcher is loaded from the store before the first alert is written, so a silence survives a restart.</summary>
public sealed class SilenceRestartTests
{
    [Fact]
    public async Task A_silence_stored_before_a_restart_suppresses_the_first_alert_after_it()
    {
        using var data = new TempFolder();
        string silenceId, analystKey, ingestKey;
        await using (var host = await LeptonTestHost.StartAsync(data.Path))
        {
            await host.Admin.CreateTenantAsync("acme", "US");
            analystKey = await host.Admin.CreateKeyAsync("analyst", "acme");
            ingestKey = await host.Admin.CreateKeyAsync("ingest", "acme");
            using var analyst = host.Client(analystKey);
            var (status, silence) = await PostAsync(analyst, "/v1/silences", Silence(null, [Matcher("ruleId", "us-cash-ctr")]));
            Assert.Equal(HttpStatusCode.Created, status);
            silenceId = silence.Text("id");
        }

        await using (var host = await LeptonTestHost.StartAsync(data.Path))
        {
            using var ingest = host.Client(ingestKey);
            var record = """{"id":"r-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":12500,"currency":"USD","channel":"cash","originator":{"account":"A-1","name":"N","country":"US","customerId":"c-1"}}""";
            Assert.Equal(HttpStatusCode.Accepted, (await ingest.PostRecordsAsync(record)).Status);
            await host.WaitForIdleAsync();

            var alert = Assert.Single(await host.Admin.GetAllAsync("/v1/alerts?tenant=acme"));
            Assert.Equal(("suppressed", silenceId), (alert.Text("status"), alert.Text("silencedBy")));
            using var analyst = host.Client(analystKey);
            Assert.Equal("active", (await analyst.GetFromJsonAsync<JsonObject>($"/v1/silences/{silenceId}"))!.Text("state"));
        }
    }
}
