using System.Net;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>Issue 19, item 2, end to end: the real host's /metrics carries durations in seconds with the advised buckets and the new signals.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_exported_in_seconds_with_sub_millisecond_buckets_and_dead_letters_by_reason_class()
    {
        using var data = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        const string cash = """{"id":"m-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":50000,"currency":"USD","channel":"cash","originator":{"account":"A-1","name":"N","country":"US","customerId":"C-1"}}""";
        const string negative = """{"id":"m-2","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":-1,"currency":"USD","channel":"cash","originator":{"account":"A-2","name":"N","country":"US","customerId":"C-2"}}""";

        var (status, _) = await host.Admin.PostRecordsAsync(cash + "\n" + negative);
        Assert.Equal(HttpStatusCode.Accepted, status);
        await host.WaitForIdleAsync();
        var text = await host.Admin.GetStringAsync("/metrics");

        var lines = text.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("lepton_ingest_submit_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains("le=\"0.0005\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("lepton_ingest_dispatch_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains("le=\"60\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("lepton_alerts_ingest_to_alert_duration_seconds_count", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("lepton_ingest_dead_letters_total{", StringComparison.Ordinal) && l.Contains("reason_class=\"amount\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("lepton_alerts_raised_total{", StringComparison.Ordinal) && l.Contains("kind=\"rule\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("lepton_ingest_submit_records_bucket{", StringComparison.Ordinal));
        Assert.DoesNotContain("_milliseconds", string.Join('\n', lines.Where(l => l.StartsWith("lepton_", StringComparison.Ordinal))));
    }
}
