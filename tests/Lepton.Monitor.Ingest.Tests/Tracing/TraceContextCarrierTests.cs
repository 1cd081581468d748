using System.Diagnostics;
using System.Text;
using Azure.Messaging.EventHubs;
using Confluent.Kafka;
using Lepton.Monitor.Contracts.Tracing;
using Lepton.Monitor.Ingest.EventHubs;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Ingest.Outbox;

namespace Lepton.Monitor.Ingest.Tests.Tracing;

/// <summary>W3C trace context read from (and written to) every carrier a record or an alert travels on.</summary>
public sealed class TraceContextCarrierTests
{
    // The W3C Trace Context specification's example.
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private const string TraceState = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";

    [Fact]
    public void Format_and_parse_are_inverse_and_keep_the_sampled_flag()
    {
        var context = W3CTraceContext.Parse(TraceParent, TraceState);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", context.SpanId.ToHexString());
        Assert.True(context.IsRemote);
        Assert.Equal(TraceState, context.TraceState);
        Assert.Equal(TraceParent, W3CTraceContext.Format(context));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
            W3CTraceContext.Format(W3CTraceContext.Parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-traceparent")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")] // all-zero trace id is invalid
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")] // all-zero span id is invalid
    public void Malformed_or_missing_text_is_no_context(string? text)
    {
        Assert.Equal(default, W3CTraceContext.Parse(text));
        Assert.Null(W3CTraceContext.Format(W3CTraceContext.Parse(text)));
    }

    [Fact]
    public void Kafka_headers_traceparent_and_tracestate()
    {
        var headers = new Headers { { "traceparent", Encoding.ASCII.GetBytes(TraceParent) }, { "tracestate", Encoding.ASCII.GetBytes(TraceState) } };
        var context = KafkaTraceContext.Extract(headers);
        Assert.Equal(TraceParent, W3CTraceContext.Format(context));
        Assert.Equal(TraceState, context.TraceState);
    }

    [Fact]
    public void Kafka_binary_cloudevent_ce_traceparent_header()
    {
        var headers = new Headers { { "ce_specversion", "1.0"u8.ToArray() }, { "ce_traceparent", Encoding.ASCII.GetBytes(TraceParent) } };
        Assert.Equal(TraceParent, W3CTraceContext.Format(KafkaTraceContext.Extract(headers)));
    }

    [Fact]
    public void Kafka_message_without_or_with_a_broken_header_has_no_context()
    {
        Assert.Equal(default, KafkaTraceContext.Extract(null));
        Assert.Equal(default, KafkaTraceContext.Extract([]));
        Assert.Equal(default, KafkaTraceContext.Extract(new Headers { { "traceparent", "garbage"u8.ToArray() } }));
    }

    [Fact]
    public void Kafka_inject_writes_what_extract_reads()
    {
        var headers = new Headers { { "traceparent", "stale"u8.ToArray() } };
        var context = W3CTraceContext.Parse(TraceParent, TraceState);
        KafkaTraceContext.Inject(headers, context);
        Assert.Single(headers, h => h.Key == "traceparent");
        Assert.Equal(TraceParent, W3CTraceContext.Format(KafkaTraceContext.Extract(headers)));
        Assert.Equal(TraceState, KafkaTraceContext.Extract(headers).TraceState);
    }

    [Theory]
    [InlineData("traceparent")]
    [InlineData("Diagnostic-Id")]
    [InlineData("cloudEvents:traceparent")]
    [InlineData("cloudEvents_traceparent")]
    public void Event_hubs_application_properties(string property)
    {
        var e = new EventData("{}"u8.ToArray());
        e.Properties[property] = TraceParent;
        e.Properties["tracestate"] = TraceState;
        var context = EventHubsTraceContext.Extract(e);
        Assert.Equal(TraceParent, W3CTraceContext.Format(context));
        Assert.Equal(TraceState, context.TraceState);
    }

    [Fact]
    public void Event_hubs_traceparent_wins_over_diagnostic_id_and_non_text_is_ignored()
    {
        var e = new EventData("{}"u8.ToArray());
        e.Properties["Diagnostic-Id"] = "00-11111111111111111111111111111111-2222222222222222-01";
        e.Properties["traceparent"] = TraceParent;
        Assert.Equal(TraceParent, W3CTraceContext.Format(EventHubsTraceContext.Extract(e)));

        var numeric = new EventData("{}"u8.ToArray());
        numeric.Properties["traceparent"] = 42;
        Assert.Equal(default, EventHubsTraceContext.Extract(numeric));
        Assert.Equal(default, EventHubsTraceContext.Extract(new EventData("{}"u8.ToArray())));
    }

    [Fact]
    public void A_structured_cloudevent_s_tracing_attributes_are_read_without_its_data()
    {
        var json = $$$"""{"specversion":"1.0","id":"1","source":"/s","type":"t","traceparent":"{{{TraceParent}}}","tracestate":"{{{TraceState}}}","data":{"traceparent":"00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01"}}""";
        var (parent, state) = CloudEventTraceAttributes.Read(Encoding.UTF8.GetBytes(json));
        Assert.Equal(TraceParent, parent);
        Assert.Equal(TraceState, state);

        Assert.Equal((null, null), CloudEventTraceAttributes.Read("""{"specversion":"1.0","data":{"traceparent":"x"}}"""u8));
        Assert.Equal((null, null), CloudEventTraceAttributes.Read("not json"u8));
    }
}
