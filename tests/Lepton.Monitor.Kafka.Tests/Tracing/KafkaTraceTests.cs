using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Lepton.Monitor.Kafka.Tests.Support;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Kafka.Tests.Tracing;

/// <summary>
/// A Kafka message with a W3C <c>traceparent</c> header reaches its alert in the same trace (librdkafka's mock cluster,
/// the real host, OpenTelemetry's in-memory exporter), and the alert's CloudEvent on the alert topic carries that trace
/// in its distributed-tracing extension and as a <c>traceparent</c> header.
/// </summary>
public sealed class KafkaTraceTests
{
    private static Message<byte[]?, byte[]?> Cash(string id, string account, string? traceParent) => new()
    {
        Key = "acme"u8.ToArray(),
        Value = Encoding.UTF8.GetBytes("""{"id":"ID","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":40000,"currency":"USD","channel":"cash","originator":{"account":"ACC","name":"N","country":"US","customerId":"C-ACC"}}""".Replace("ID", id).Replace("ACC", account)),
        Headers = traceParent is null ? [] : new Headers { { "traceparent", Encoding.ASCII.GetBytes(traceParent) } },
    };

    [Fact]
    public async Task A_message_s_traceparent_reaches_its_alert_and_the_published_cloudevent()
    {
        using var traces = new TraceCollector();
        using var cluster = new MockKafkaCluster();
        using var data = new TempFolder();
        var traceId = ActivityTraceId.CreateRandom();
        var producerSpan = ActivitySpanId.CreateRandom();
        await cluster.ProduceAsync(KafkaHost.Topic, [Cash("tr-k-1", "TRACE-K", $"00-{traceId.ToHexString()}-{producerSpan.ToHexString()}-01")], partition: 0);
        await KafkaHost.CreateTenantAsync(data.Path);

        await using var host = await KafkaHost.StartAsync(data.Path, cluster, "g-trace", "--Lepton:Kafka:BatchSize", "1");
        await cluster.WaitForCommittedAsync(KafkaHost.Topic, "g-trace", 1, TimeSpan.FromSeconds(30));
        await host.WaitForIdleAsync();
        var alerts = await host.Admin.GetAllAsync("/v1/alerts?tenant=acme");
        Assert.NotEmpty(alerts);

        var spans = traces.Trace(traceId);
        // The consumer's batch span continues the producer's context; ingest and the dispatch round follow from it.
        var batch = Assert.Single(spans, s => s.OperationName == "kafka.batch");
        Assert.Equal(producerSpan, batch.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, batch.Kind);
        var submit = Assert.Single(spans, s => s.OperationName == "ingest.submit");
        Assert.Equal(batch.SpanId, submit.ParentSpanId);
        Assert.Equal(submit.SpanId, Assert.Single(spans, s => s.OperationName == "ingest.dispatch").ParentSpanId);
        Assert.Contains(spans, s => s.OperationName == "monitor.process");
        Assert.Equal(alerts.Select(a => a.Text("id")).Order(), TraceCollector.RaisedAlertIds(spans).Order());

        // Published: every alert event carries the trace, in the CloudEvent and as the Kafka header.
        var outbox = host.App.Services.GetRequiredService<IAlertOutbox>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await outbox.CountAsync() > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        var events = cluster.ReadAll("alerts", alerts.Count, TimeSpan.FromSeconds(20));
        Assert.Equal(alerts.Count, events.Count);
        foreach (var e in events)
        {
            var ce = JsonNode.Parse(e.Message.Value)!.AsObject();
            var traceParent = ce["traceparent"]!.GetValue<string>();
            Assert.StartsWith($"00-{traceId.ToHexString()}-", traceParent);
            Assert.True(ActivityContext.TryParse(traceParent, null, out var context));
            // The span that raised it, exported in this trace.
            Assert.Contains(spans, s => s.SpanId == context.SpanId && s.Events.Any(ev => ev.Name == "alert.raised"));
            Assert.True(e.Message.Headers.TryGetLastBytes("traceparent", out var header));
            Assert.Equal(traceParent, Encoding.ASCII.GetString(header));
        }
    }

    [Fact]
    public async Task A_batch_of_messages_from_several_traces_links_them_all()
    {
        using var traces = new TraceCollector();
        using var cluster = new MockKafkaCluster();
        using var data = new TempFolder();
        var ids = Enumerable.Range(0, 5).Select(_ => ActivityTraceId.CreateRandom()).ToArray();
        var messages = ids.Select((id, i) => Cash($"tr-k-many-{i}", $"TRACE-M{i}", $"00-{id.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01")).ToList();
        messages.Insert(2, Cash("tr-k-untraced", "TRACE-U", null)); // a message without a context adds nothing
        await cluster.ProduceAsync(KafkaHost.Topic, messages, partition: 0);
        await KafkaHost.CreateTenantAsync(data.Path);

        await using var host = await KafkaHost.StartAsync(data.Path, cluster, "g-trace-many");
        await cluster.WaitForCommittedAsync(KafkaHost.Topic, "g-trace-many", messages.Count, TimeSpan.FromSeconds(30));
        await host.WaitForIdleAsync();

        var batches = traces.Named("kafka.batch").Where(b => ids.Any(id => TraceCollector.Reaches(b, id))).ToList();
        Assert.All(ids, id => Assert.Contains(batches, b => TraceCollector.Reaches(b, id)));
        Assert.All(batches, b => Assert.Equal(1 + b.Links.Count(), (int)b.GetTagItem("lepton.trace.contexts")!));
        // Each batch's parent is its first traced message; the others are links, never parents.
        Assert.All(batches, b => Assert.DoesNotContain(b.Links, l => l.Context.TraceId == b.TraceId));
    }
}
