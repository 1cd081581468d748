using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Lepton.Monitor.Alerting.Webhooks;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>Issue 19, item 2: webhook outcomes by status class, alerts by kind, and their durations in seconds, from the real host.</summary>
public sealed class WebhookMetricsTests
{
    [Fact]
    public async Task Attempts_are_counted_by_outcome_and_status_class_and_new_alerts_by_kind_and_severity()
    {
        using var attempts = new TagCapture(WebhookTelemetry.Name, "lepton.webhook.attempts");
        using var deliveryDuration = new TagCapture(WebhookTelemetry.Name, "lepton.webhook.delivery.duration");
        using var raised = new TagCapture("Lepton.Monitor.Grains", "lepton.alerts.raised");
        using var ingestToAlert = new TagCapture("Lepton.Monitor.Grains", "lepton.alerts.ingest_to_alert.duration");
        using var data = new TempFolder();
        await using var receiver = await TestReceiver.StartAsync(IPAddress.Parse("127.0.0.2"), TestReceiver.FailingFirst(1, failure: 503));
        await using var host = await WebhookTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        var id = (await host.Admin.SubscribeAsync(new { url = receiver.BaseAddress + "hook", tenant = "acme" })).Text("id");

        await host.RaiseAlertAsync("acme", "tx-metrics-1");
        var deliveries = await host.Admin.WaitForDeliveriesAsync(id, ds => ds.Count > 0 && ds.All(d => d.Text("state") == "delivered"));

        // Other tests of this assembly run hosts at the same time: at least this test's own measurements are there.
        Assert.True(attempts.Count("outcome", "retry", "status_class", "5xx") >= 1);
        Assert.True(attempts.Count("outcome", "delivered", "status_class", "2xx") >= deliveries.Count);
        Assert.Equal("{attempt}", attempts.Unit);
        Assert.Equal("s", deliveryDuration.Unit);
        Assert.NotEmpty(deliveryDuration.Values);
        Assert.True(raised.Count("kind", "rule", "severity", null) >= 1, "the cash rule raised a rule alert");
        Assert.All(raised.Tags, t => Assert.Contains(t["kind"], new[] { "rule", "model", "drift", "fairness" }));
        Assert.Equal("s", ingestToAlert.Unit);
        Assert.All(ingestToAlert.Values, v => Assert.True(v is >= 0 and < 60, $"{v} is seconds, not milliseconds"));
    }

    private sealed class TagCapture : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(double Value, Dictionary<string, string?> Tags)> _measurements = new();

        public string? Unit { get; private set; }
        public IEnumerable<double> Values => _measurements.Select(m => m.Value);
        public IEnumerable<Dictionary<string, string?>> Tags => _measurements.Select(m => m.Tags);

        public TagCapture(string meter, string instrument)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == meter && i.Name == instrument)
                {
                    Unit = i.Unit;
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, v, tags, _) => _measurements.Enqueue((v, Read(tags))));
            _listener.SetMeasurementEventCallback<double>((_, v, tags, _) => _measurements.Enqueue((v, Read(tags))));
            _listener.Start();
        }

        /// <summary>The sum of the measurements whose tags match (a null value: any).</summary>
        public double Count(string key1, string value1, string key2, string? value2) =>
            _measurements.Where(m => m.Tags.GetValueOrDefault(key1) == value1 && (value2 is null || m.Tags.GetValueOrDefault(key2) == value2))
                .Sum(m => m.Value);

        private static Dictionary<string, string?> Read(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var read = new Dictionary<string, string?>();
            foreach (var tag in tags)
                read[tag.Key] = tag.Value?.ToString();
            return read;
        }

        public void Dispose() => _listener.Dispose();
    }
}
