using System.Diagnostics;
using System.Net;
using System.Text;

namespace Lepton.Monitor.Integration.Tests.Tracing;

/// <summary>
/// One record POSTed with a W3C <c>traceparent</c> reaches its alert in the same trace through the real host: ingest,
/// the dispatch round, the Orleans grain call, the monitor, the batched ONNX run and the alert raised, all exported by
/// OpenTelemetry's in-memory exporter under the request's trace id.
/// </summary>
public sealed class HttpTraceTests
{
    private const string Cash = """{"id":"tr-http-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":40000,"currency":"USD","channel":"cash","originator":{"account":"TRACE-A","name":"N","country":"US","customerId":"C-TRACE-A"}}""";

    [Fact]
    public async Task A_posted_record_s_trace_reaches_its_alert()
    {
        using var traces = new TraceCollector();
        using var data = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(data.Path);
        await host.Admin.CreateTenantAsync("acme", "US", "EU", "GB", "SG", "GLOBAL");

        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records") { Content = new StringContent(Cash, Encoding.UTF8, "application/x-ndjson") };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{callerSpan.ToHexString()}-01");
        using var response = await host.Admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await host.WaitForIdleAsync();

        var alerts = await host.Admin.GetAllAsync("/v1/alerts?tenant=acme");
        Assert.NotEmpty(alerts);
        var spans = traces.Trace(traceId);
        var names = spans.Select(s => s.OperationName).ToHashSet();

        // The request continued the caller's trace, and ingest ran inside it.
        var server = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(callerSpan, server.ParentSpanId);
        var submit = Assert.Single(spans, s => s.OperationName == "ingest.submit");
        Assert.Equal(server.SpanId, submit.ParentSpanId);
        // The dispatch round of this one request sits in its trace, under its submit span.
        var dispatch = Assert.Single(spans, s => s.OperationName == "ingest.dispatch");
        Assert.Equal(submit.SpanId, dispatch.ParentSpanId);
        Assert.Equal(1, dispatch.GetTagItem("lepton.trace.contexts"));
        // Orleans continued it into the grain call (activity propagation), and the monitor processed the record in it.
        Assert.Contains(spans, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.Contains("monitor.process", names);
        var rules = Assert.Single(spans, s => s.OperationName == "rules.evaluate");
        Assert.True((int)rules.GetTagItem("lepton.alert_candidates")! >= alerts.Count);
        // The batched model run reaches it (parent or link).
        Assert.Contains(traces.Named("onnx.run"), s => TraceCollector.Reaches(s, traceId));
        // Every alert the record raised is an event of this trace.
        var raised = TraceCollector.RaisedAlertIds(spans);
        Assert.Equal(alerts.Select(a => a.Text("id")).Order(), raised.Order());
    }

    [Fact]
    public async Task Requests_dispatched_together_are_linked_from_the_round()
    {
        using var traces = new TraceCollector();
        using var data = new TempFolder();
        // One dispatch worker with a long round: several requests queued meanwhile are coalesced into it.
        await using var host = await LeptonTestHost.StartAsync(data.Path, "--Lepton:Ingest:DispatchConcurrency", "1");
        await host.Admin.CreateTenantAsync("acme", "US", "EU", "GB", "SG", "GLOBAL");

        var ids = Enumerable.Range(0, 12).Select(_ => ActivityTraceId.CreateRandom()).ToArray();
        await Task.WhenAll(ids.Select(async (traceId, i) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/records")
            {
                Content = new StringContent(Cash.Replace("tr-http-1", $"tr-http-many-{i}"), Encoding.UTF8, "application/x-ndjson"),
            };
            request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await host.Admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }));
        await host.WaitForIdleAsync();

        // Every request's trace reaches a dispatch round: as its parent, or through a link.
        var rounds = traces.Named("ingest.dispatch").Where(r => ids.Any(id => TraceCollector.Reaches(r, id))).ToList();
        Assert.All(ids, id => Assert.Contains(rounds, r => TraceCollector.Reaches(r, id)));
        // A round's contexts count its parent and its links.
        Assert.All(rounds, r => Assert.Equal(1 + r.Links.Count(), (int)r.GetTagItem("lepton.trace.contexts")!));
    }
}
