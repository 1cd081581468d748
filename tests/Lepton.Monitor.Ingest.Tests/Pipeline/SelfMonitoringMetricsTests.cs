using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>Issue 19, item 2: ingest's self-monitoring metrics — durations in seconds, dead letters by reason class, batch sizes.</summary>
public sealed class SelfMonitoringMetricsTests
{
    [Fact]
    public async Task Dead_letters_are_counted_by_source_and_reason_class_never_by_reason_text()
    {
        using var capture = new Capture(IngestTelemetry.Name, "lepton.ingest.dead_letters");
        await using var pipeline = await PipelineHarness.StartAsync();
        var body = string.Join("\n",
            SampleRecord.Json(id: "dl-ok"),
            SampleRecord.Json(n => n["amount"] = -5, id: "dl-amount-1"),
            SampleRecord.Json(n => n["amount"] = -6, id: "dl-amount-2"),
            SampleRecord.Json(n => n["timestamp"] = "yesterday", id: "dl-time"),
            "{not json");

        // File: a source no other test submits through, so parallel tests cannot mix into these counts.
        var result = await pipeline.Ingest.SubmitAsync(Encoding.UTF8.GetBytes(body), IngestSource.File, "acme");

        Assert.Equal(4, result.Rejected.Count);
        var counts = capture.Longs.Where(m => m.Tags["source"] == "file")
            .GroupBy(m => m.Tags["reason_class"]).ToDictionary(g => g.Key!, g => g.Sum(m => m.Value));
        Assert.Equal(new Dictionary<string, long> { ["amount"] = 2, ["timestamp"] = 1, ["malformed"] = 1 }, counts);
        Assert.Equal("{record}", capture.Unit);
    }

    [Theory]
    [InlineData("json: invalid at byte 3", "malformed")]
    [InlineData("record: must be a JSON object", "malformed")]
    [InlineData("record: exceeds 65536 bytes", "oversize")]
    [InlineData("body: more than 10000 records", "oversize")]
    [InlineData("id: already used for a different record", "conflict")]
    [InlineData("id: required", "id")]
    [InlineData("tenant: must match [a-z0-9-]{1,64}", "tenant")]
    [InlineData("timestamp: must be RFC 3339", "timestamp")]
    [InlineData("amount: must be > 0", "amount")]
    [InlineData("currency: unknown ISO 4217 code 'XYZ'", "currency")]
    [InlineData("beneficiary.country: unknown ISO 3166-1 alpha-2 code", "field")]
    [InlineData("anything else, with a value 4111111111111111 in it", "field")]
    public void A_reason_maps_to_one_of_a_fixed_set_of_classes(string reason, string expected) =>
        Assert.Equal(expected, DeadLetterReasonClass.Of(reason));

    [Fact]
    public async Task Submit_and_dispatch_record_durations_in_seconds_and_their_batch_sizes()
    {
        using var submitDuration = new Capture(IngestTelemetry.Name, "lepton.ingest.submit.duration");
        using var submitRecords = new Capture(IngestTelemetry.Name, "lepton.ingest.submit.records");
        using var dispatchDuration = new Capture(IngestTelemetry.Name, "lepton.ingest.dispatch.duration");
        using var dispatchRecords = new Capture(IngestTelemetry.Name, "lepton.ingest.dispatch.records");
        await using var pipeline = await PipelineHarness.StartAsync();

        await pipeline.SubmitAsync(PipelineHarness.Ids("sz-", 7));
        await pipeline.WaitForIdleAsync();

        Assert.Equal("s", submitDuration.Unit);
        Assert.Equal("s", dispatchDuration.Unit);
        Assert.NotEmpty(submitDuration.Doubles);
        Assert.NotEmpty(dispatchDuration.Doubles);
        Assert.Equal("{record}", submitRecords.Unit);
        Assert.Contains(7, submitRecords.Longs.Select(m => m.Value));
        Assert.Contains(dispatchRecords.Longs, m => m.Value is > 0 and <= 7);
    }

    /// <summary>Every measurement of one instrument from now on (long and int as long, double as double), with its tags.</summary>
    private sealed class Capture : IDisposable
    {
        private readonly MeterListener _listener = new();
        public ConcurrentQueue<(long Value, Dictionary<string, string?> Tags)> Longs { get; } = new();
        public ConcurrentQueue<double> Doubles { get; } = new();
        public string? Unit { get; private set; }

        public Capture(string meter, string instrument)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == meter && i.Name == instrument)
                {
                    Unit = i.Unit;
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, v, tags, _) => Longs.Enqueue((v, Read(tags))));
            _listener.SetMeasurementEventCallback<int>((_, v, tags, _) => Longs.Enqueue((v, Read(tags))));
            _listener.SetMeasurementEventCallback<double>((_, v, _, _) => Doubles.Enqueue(v));
            _listener.Start();
        }

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
