using System.Net.Mime;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Alerting;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.CloudEvents;

/// <summary>
/// The alert topic's CloudEvents, now written by CloudNative.CloudEvents: read back by the SDK, equal to the hand-written
/// envelope subscribers got before (same attributes and values, the same <c>data</c> bytes; what differs is only what
/// the JSON format leaves free), the specification's examples through the same formatter, and the distributed-tracing
/// extension present exactly when the alert has a trace.
/// </summary>
public sealed class AlertCloudEventTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 4, 11, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);

    private static Alert Traced() => TestAlerts.Open() with { TraceParent = TraceParent, TraceState = "rojo=00f067aa0ba902b7" };

    private static JsonObject Json(byte[] bytes) => JsonNode.Parse(bytes)!.AsObject();

    [Fact]
    public void The_sdk_output_has_the_attributes_and_values_of_the_hand_written_envelope()
    {
        var alert = TestAlerts.Open();
        var sdk = AlertCloudEvent.Serialize(alert, AlertCloudEvent.RaisedType, "ev-1", At);
        var legacy = LegacyAlertCloudEvent.Serialize(alert, AlertCloudEvent.RaisedType, "ev-1", At);

        var (s, l) = (Json(sdk), Json(legacy));
        Assert.Equal(l.Select(p => p.Key).Order(), s.Select(p => p.Key).Order());
        foreach (var (name, value) in l)
        {
            if (name == "time")
                Assert.Equal(DateTimeOffset.Parse(value!.GetValue<string>()), DateTimeOffset.Parse(s[name]!.GetValue<string>()));
            else
                Assert.True(JsonNode.DeepEquals(value, s[name]), $"{name}: {value?.ToJsonString()} != {s[name]?.ToJsonString()}");
        }
        // data is the very same bytes (the API's JSON of the alert), so subscribers' hashes or signatures of it hold.
        Assert.Equal(DataText(legacy), DataText(sdk));
    }

    [Fact]
    public void Byte_differences_are_only_attribute_order_and_the_time_s_trailing_zeros()
    {
        var alert = TestAlerts.Open();
        var whole = new DateTimeOffset(2026, 12, 4, 11, 30, 15, TimeSpan.Zero);
        var sdk = Encoding.UTF8.GetString(AlertCloudEvent.Serialize(alert, AlertCloudEvent.RaisedType, "ev-1", whole));
        var legacy = Encoding.UTF8.GetString(LegacyAlertCloudEvent.Serialize(alert, AlertCloudEvent.RaisedType, "ev-1", whole));

        // Both are RFC 3339; the hand-written one always wrote 7 fraction digits.
        Assert.Contains("\"time\":\"2026-12-04T11:30:15.0000000Z\"", legacy);
        Assert.Matches("\"time\":\"2026-12-04T11:30:15(\\.0+)?Z\"", sdk);
        // The same members, as sorted lines, once the time is written alike.
        Assert.Equal(Members(legacy.Replace("15.0000000Z", "15Z")), Members(System.Text.RegularExpressions.Regex.Replace(sdk, "15(\\.0+)?Z", "15Z")));

        static string[] Members(string json)
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.EnumerateObject().Select(p => p.Name + "=" + p.Value.GetRawText()).Order().ToArray();
        }
    }

    [Fact]
    public void The_sdk_reads_back_every_attribute_and_the_alert()
    {
        var alert = Traced();
        var parsed = AlertCloudEvent.Parse(AlertCloudEvent.Serialize(alert, AlertCloudEvent.UpdatedType, "ev-2", At));

        Assert.Equal(CloudEventsSpecVersion.V1_0, parsed.SpecVersion);
        Assert.Equal(AlertCloudEvent.UpdatedType, parsed.Type);
        Assert.Equal("/lepton-monitor/acme/US", parsed.Source!.ToString());
        Assert.Equal("ev-2", parsed.Id);
        Assert.Equal(alert.Id, parsed.Subject);
        Assert.Equal(At, parsed.Time);
        Assert.Equal("application/json", parsed.DataContentType);
        var data = Assert.IsType<JsonElement>(parsed.Data);
        Assert.Equal(alert.Id, data.GetProperty("id").GetString());
        Assert.False(data.TryGetProperty("traceParent", out _)); // the trace rides as the extension, not in the alert's JSON
        Assert.True(parsed.IsValid);
    }

    [Fact]
    public void A_traced_alert_carries_the_distributed_tracing_extension()
    {
        var bytes = AlertCloudEvent.Serialize(Traced(), AlertCloudEvent.RaisedType, "ev-3", At);
        var json = Json(bytes);
        Assert.Equal(TraceParent, json["traceparent"]!.GetValue<string>());
        Assert.Equal("rojo=00f067aa0ba902b7", json["tracestate"]!.GetValue<string>());

        var parsed = AlertCloudEvent.Parse(bytes);
        Assert.Equal(TraceParent, parsed.GetTraceParent());
        Assert.Equal("rojo=00f067aa0ba902b7", parsed.GetTraceState());
    }

    [Fact]
    public void An_untraced_alert_has_no_tracing_attributes()
    {
        var json = Json(AlertCloudEvent.Serialize(TestAlerts.Open(), AlertCloudEvent.RaisedType, "ev-4", At));
        Assert.False(json.ContainsKey("traceparent"));
        Assert.False(json.ContainsKey("tracestate"));
    }

    [Fact]
    public void The_encoder_keys_by_tenant_and_repeats_its_event_id()
    {
        var message = new CloudEventAlertEncoder().Encode(Traced(), AlertEventTypes.Raised, At);
        Assert.Equal("acme", message.Key);
        var json = Json(message.Payload);
        Assert.Equal(message.EventId, json["id"]!.GetValue<string>());
        Assert.Equal(AlertCloudEvent.RaisedType, json["type"]!.GetValue<string>());
        Assert.Equal(TraceParent, json["traceparent"]!.GetValue<string>());
    }

    /// <summary>The JSON format specification's example, with its own extensions, through the formatter the topic uses.</summary>
    [Fact]
    public void The_spec_s_json_example_round_trips_through_the_formatter()
    {
        const string example = """
            {
                "specversion" : "1.0",
                "type" : "com.example.someevent",
                "source" : "/mycontext",
                "id" : "A234-1234-1234",
                "time" : "2018-04-05T17:31:00Z",
                "comexampleextension1" : "value",
                "comexampleothervalue" : 5,
                "datacontenttype" : "application/json",
                "data" : {
                    "appinfoA" : "abc",
                    "appinfoB" : 123,
                    "appinfoC" : true
                }
            }
            """;
        var extensions = new[]
        {
            CloudEventAttribute.CreateExtension("comexampleextension1", CloudEventAttributeType.String),
            CloudEventAttribute.CreateExtension("comexampleothervalue", CloudEventAttributeType.Integer),
        };
        var parsed = AlertCloudEvent.Formatter.DecodeStructuredModeMessage(Encoding.UTF8.GetBytes(example), new ContentType("application/cloudevents+json"), extensions);
        Assert.Equal("A234-1234-1234", parsed.Id);
        Assert.Equal(new DateTimeOffset(2018, 4, 5, 17, 31, 0, TimeSpan.Zero), parsed.Time);
        Assert.Equal("value", parsed["comexampleextension1"]);
        Assert.Equal(5, parsed["comexampleothervalue"]);

        var written = AlertCloudEvent.Formatter.EncodeStructuredModeMessage(parsed, out _).ToArray();
        var expected = Json(Encoding.UTF8.GetBytes(example));
        var actual = Json(written);
        Assert.Equal(DateTimeOffset.Parse(expected["time"]!.GetValue<string>()), DateTimeOffset.Parse(actual["time"]!.GetValue<string>()));
        expected.Remove("time");
        actual.Remove("time");
        Assert.True(JsonNode.DeepEquals(expected, actual), actual.ToJsonString());
    }

    /// <summary>The distributed-tracing extension's own example values, read as the topic's events are.</summary>
    [Fact]
    public void The_distributed_tracing_extension_example_is_read()
    {
        var example = """{"specversion":"1.0","type":"com.example.someevent","source":"/mycontext","id":"A234-1234-1234","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","tracestate":"rojo=00f067aa0ba902b7"}"""u8.ToArray();
        var parsed = AlertCloudEvent.Parse(example);
        Assert.Equal(TraceParent, parsed.GetTraceParent());
        Assert.Equal("rojo=00f067aa0ba902b7", parsed.GetTraceState());
    }

    private static string DataText(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("data").GetRawText();
    }
}
