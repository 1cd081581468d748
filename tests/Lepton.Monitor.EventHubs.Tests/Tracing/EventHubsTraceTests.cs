using System.Diagnostics;
using System.Text;
using Azure.Messaging.EventHubs;
using Lepton.Monitor.EventHubs.Tests.Consumer;

namespace Lepton.Monitor.EventHubs.Tests.Tracing;

/// <summary>
/// An event whose producer put its W3C context in the <c>Diagnostic-Id</c> application property (as the Azure SDK does)
/// reaches its alert in the same trace: the local AMQP broker, the real SDK processor and host, OpenTelemetry's
/// in-memory exporter.
/// </summary>
public sealed class EventHubsTraceTests
{
    private const string Cash = """{"id":"tr-eh-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":40000,"currency":"USD","channel":"cash","originator":{"account":"TRACE-E","name":"N","country":"US","customerId":"C-TRACE-E"}}""";

    [Fact]
    public async Task An_event_s_Diagnostic_Id_reaches_its_alert()
    {
        using var traces = new TraceCollector();
        await using var broker = await ConsumerHost.StartBrokerAsync();
        using var data = new TempFolder();
        var traceId = ActivityTraceId.CreateRandom();
        var producerSpan = ActivitySpanId.CreateRandom();
        var e = new EventData(Encoding.UTF8.GetBytes(Cash));
        e.Properties["Diagnostic-Id"] = $"00-{traceId.ToHexString()}-{producerSpan.ToHexString()}-01";
        await ConsumerHost.ProduceAsync(broker, [e]);
        await ConsumerHost.CreateTenantAsync(data.Path);

        await using var host = await ConsumerHost.StartAsync(data.Path, broker);
        await ConsumerHost.WaitForCheckpointedAsync(host, broker);
        await host.WaitForIdleAsync();
        var alerts = await host.Admin.GetAllAsync($"/v1/alerts?tenant={ConsumerHost.Tenant}");
        Assert.NotEmpty(alerts);

        var spans = traces.Trace(traceId);
        var batch = Assert.Single(spans, s => s.OperationName == "eventhubs.batch");
        Assert.Equal(producerSpan, batch.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, batch.Kind);
        var submit = Assert.Single(spans, s => s.OperationName == "ingest.submit");
        Assert.Equal(batch.SpanId, submit.ParentSpanId);
        Assert.Equal(submit.SpanId, Assert.Single(spans, s => s.OperationName == "ingest.dispatch").ParentSpanId);
        Assert.Contains(spans, s => s.OperationName == "monitor.process");
        Assert.Equal(alerts.Select(a => a.Text("id")).Order(), TraceCollector.RaisedAlertIds(spans).Order());
    }
}
