using System.Text;
using Azure.Messaging.EventHubs;
using Lepton.Monitor.Ingest.EventHubs;

namespace Lepton.Monitor.EventHubs.Tests.Consumer;

/// <summary>The record an event carries under the CloudEvents AMQP binding (binary, structured) or bare.</summary>
public sealed class EventHubsEventRecordTests
{
    private const string Record = """{"id":"r-1","tenant":"acme","amount":5}""";

    private static string RecordOf(EventData e) => Encoding.UTF8.GetString(EventHubsEventRecord.RecordBytes(e).Span);

    [Fact]
    public void A_bare_record_is_the_body() =>
        Assert.Equal(Record, RecordOf(new EventData(Encoding.UTF8.GetBytes(Record))));

    [Theory]
    [InlineData(EventHubsEventRecord.SpecVersionProperty)]
    [InlineData(EventHubsEventRecord.SpecVersionPropertyUnderscore)]
    public void Binary_mode_takes_the_body_as_the_record_even_when_it_looks_like_an_event(string property)
    {
        // The body names specversion too: in binary mode it is still the record, not an event to unwrap.
        var body = """{"specversion":"x","data":{"a":1}}""";
        var e = new EventData(Encoding.UTF8.GetBytes(body)) { ContentType = "application/json" };
        e.Properties[property] = "1.0";
        Assert.Equal(body, RecordOf(e));
    }

    [Fact]
    public void Structured_mode_by_content_type_takes_data()
    {
        var e = new EventData(Encoding.UTF8.GetBytes($$"""{"specversion":"1.0","id":"ce-1","source":"s","type":"t","data":{{Record}}}"""))
        {
            ContentType = "application/cloudevents+json; charset=utf-8",
        };
        Assert.Equal(Record, RecordOf(e));
    }

    [Fact]
    public void Structured_mode_is_recognised_by_its_body_and_data_base64_is_decoded()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Record));
        var e = new EventData(Encoding.UTF8.GetBytes($$"""{"specversion":"1.0","id":"ce-2","source":"s","type":"t","data_base64":"{{encoded}}"}"""));
        Assert.Equal(Record, RecordOf(e));
    }
}
