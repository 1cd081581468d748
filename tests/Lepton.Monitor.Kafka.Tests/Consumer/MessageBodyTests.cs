using System.Text;
using Confluent.Kafka;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Ingest.Streams;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.Kafka.Tests.Consumer;

/// <summary>Messages become one NDJSON line each: bare records, CloudEvents in both modes, and poison kept in place.</summary>
public sealed class MessageBodyTests
{
    private const string Record = """{"id":"r-1","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":5,"currency":"USD","channel":"card"}""";

    private static string Unwrap(Message<byte[]?, byte[]?> m) => Encoding.UTF8.GetString(CloudEventUnwrapper.RecordBytes(m.Value!, m.Headers).Span);

    [Theory]
    [InlineData(null)]
    [InlineData("structured")]
    [InlineData("binary")]
    public void Bare_and_CloudEvent_messages_give_the_record(string? mode)
    {
        var message = PublishVerb.ToMessage(Record, mode);
        Assert.Equal("acme", Encoding.UTF8.GetString(message.Key!));
        Assert.Equal(Record, Unwrap(message));
    }

    [Fact]
    public void Structured_events_with_data_base64_and_without_a_content_type_header_are_unwrapped()
    {
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Record));
        var value = Encoding.UTF8.GetBytes($$"""{"specversion":"1.0","id":"e1","source":"/x","type":"t","data_base64":"{{b64}}"}""");
        Assert.Equal(Record, Encoding.UTF8.GetString(CloudEventUnwrapper.RecordBytes(value, null).Span));
    }

    [Fact]
    public void Every_message_is_one_line_so_rejections_index_messages()
    {
        var records = new[] { Record, "", "[1]", "not json", Record.Replace(",", ",\r\n") }
            .Select(s => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(s)).ToList();
        var body = StreamBatchBody.Build(records);
        var parsed = RecordParser.Parse(body, 100, 64 * 1024);
        Assert.Equal([0, 4], parsed.Records.Select(r => r.Index));
        Assert.Equal([1, 2, 3], parsed.Rejections.Select(r => r.Index));
    }
}
