using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Lepton.Monitor.Ingest.Streams;

namespace Lepton.Monitor.Ingest.Tests.Streams;

/// <summary>
/// Ingest keeps its hand-written structured-mode reader (it slices <c>data</c> out of the message without building a
/// document, a CloudEvent and a copy per message); here it must find exactly the record CloudNative.CloudEvents finds
/// in the same event: the CloudEvents specification's JSON-format examples and events the SDK itself wrote.
/// </summary>
public sealed class CloudEventRecordAgreementTests
{
    private static readonly JsonEventFormatter Formatter = new();
    private static readonly ContentType Structured = new("application/cloudevents+json; charset=utf-8");

    private const string Record = """{"id":"r-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":5,"currency":"USD","channel":"card"}""";

    /// <summary>The JSON event format specification's example (section 3.1.2, an extension and object data).</summary>
    private const string SpecJsonDataExample = """
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

    /// <summary>The specification's binary-data example (data_base64), with real base64 in place of its placeholder.</summary>
    private static readonly string SpecBase64Example = $$"""
        {
            "specversion" : "1.0",
            "type" : "com.example.someevent",
            "source" : "/mycontext",
            "id" : "A234-1234-1234",
            "time" : "2018-04-05T17:31:00Z",
            "comexampleextension1" : "value",
            "comexampleothervalue" : 5,
            "datacontenttype" : "application/vnd.apache.thrift.binary",
            "data_base64" : "{{Convert.ToBase64String(Encoding.UTF8.GetBytes(Record))}}"
        }
        """;

    /// <summary>What the SDK reads as the event's data, as bytes: JSON data as its text, data_base64 decoded.</summary>
    private static byte[] LibraryData(byte[] body)
    {
        var cloudEvent = Formatter.DecodeStructuredModeMessage(body, Structured, null);
        return cloudEvent.Data switch
        {
            JsonElement json => Encoding.UTF8.GetBytes(json.GetRawText()),
            byte[] bytes => bytes,
            var other => throw new InvalidOperationException($"unexpected data {other?.GetType().Name}"),
        };
    }

    private static byte[] FastPath(byte[] body, string? contentType) => CloudEventRecord.RecordBytes(body, binaryMode: false, contentType).ToArray();

    [Theory]
    [InlineData("application/cloudevents+json; charset=utf-8")]
    [InlineData(null)] // recognised by its specversion attribute
    public void The_spec_s_json_example_gives_the_data_the_library_reads(string? contentType)
    {
        var body = Encoding.UTF8.GetBytes(SpecJsonDataExample);
        var data = FastPath(body, contentType);
        Assert.Equal(LibraryData(body), data);
        using var doc = JsonDocument.Parse(data);
        Assert.Equal("abc", doc.RootElement.GetProperty("appinfoA").GetString());
    }

    [Fact]
    public void The_spec_s_base64_example_gives_the_bytes_the_library_decodes()
    {
        var body = Encoding.UTF8.GetBytes(SpecBase64Example);
        Assert.Equal(LibraryData(body), FastPath(body, "application/cloudevents+json"));
        Assert.Equal(Record, Encoding.UTF8.GetString(FastPath(body, null)));
    }

    [Fact]
    public void An_event_the_library_wrote_gives_back_the_record()
    {
        var cloudEvent = new CloudEvent
        {
            Id = "e-1",
            Type = "lepton.record",
            Source = new Uri("/producer", UriKind.Relative),
            Time = new DateTimeOffset(2026, 12, 4, 11, 0, 0, TimeSpan.Zero),
            DataContentType = "application/json",
            Data = JsonDocument.Parse(Record).RootElement.Clone(),
        };
        var body = Formatter.EncodeStructuredModeMessage(cloudEvent, out var contentType).ToArray();

        Assert.Equal(Record, Encoding.UTF8.GetString(FastPath(body, contentType.ToString())));
        Assert.Equal(LibraryData(body), FastPath(body, contentType.ToString()));
    }

    [Fact]
    public void Binary_data_the_library_wrote_as_base64_gives_back_the_bytes()
    {
        var cloudEvent = new CloudEvent
        {
            Id = "e-2",
            Type = "lepton.record",
            Source = new Uri("/producer", UriKind.Relative),
            DataContentType = "application/octet-stream",
            Data = Encoding.UTF8.GetBytes(Record),
        };
        var body = Formatter.EncodeStructuredModeMessage(cloudEvent, out var contentType).ToArray();
        Assert.Contains("\"data_base64\"", Encoding.UTF8.GetString(body));
        Assert.Equal(Record, Encoding.UTF8.GetString(FastPath(body, contentType.ToString())));
    }

    [Fact]
    public void What_the_library_refuses_as_an_event_is_passed_on_unchanged_for_ingest_to_reject()
    {
        // No specversion: not an event for the SDK; the fast path hands the body on as is (ingest rejects it as a record).
        var body = """{"id":"x","type":"t","source":"/s","data":{"a":1}}"""u8.ToArray();
        Assert.ThrowsAny<Exception>(() => Formatter.DecodeStructuredModeMessage(body, Structured, null));
        Assert.Equal(body, FastPath(body, null));
    }
}
