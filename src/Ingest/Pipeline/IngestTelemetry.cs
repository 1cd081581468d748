using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest;

/// <summary>Traces and metrics of every ingest stage.</summary>
public static class IngestTelemetry
{
    public const string Name = "Lepton.Monitor.Ingest";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);
    public static readonly Counter<long> Accepted = Meter.CreateCounter<long>("lepton.ingest.accepted", description: "Records accepted and journaled");
    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("lepton.ingest.rejected", description: "Records rejected to the dead-letter store");
    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("lepton.ingest.duplicates", description: "Records whose id was already seen (idempotent)");
    public static readonly Counter<long> Dispatched = Meter.CreateCounter<long>("lepton.ingest.dispatched", description: "Records acknowledged by their monitor grains");
    public static readonly Counter<long> DispatchFailures = Meter.CreateCounter<long>("lepton.ingest.dispatch_failures", description: "Failed grain calls (retried)");
    public static readonly Counter<long> DispatchRetries = Meter.CreateCounter<long>("lepton.ingest.dispatch_retries", description: "Retries of dispatch work (tag stage: monitor, park, checkpoint, worker)");
    public static readonly Counter<long> Parked = Meter.CreateCounter<long>("lepton.ingest.parked", description: "Records parked with their payload (a failing monitor, or a record its monitor could not check)");
    public static readonly Counter<long> Unrouted = Meter.CreateCounter<long>("lepton.ingest.unrouted", description: "Records no enabled jurisdiction of their tenant concerns (not monitored)");
    public static readonly Counter<long> Throttled = Meter.CreateCounter<long>("lepton.ingest.throttled", description: "Records of requests refused with 429 (tag reason: tenant-rate, dispatch-backlog); nothing of them was journaled");
    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("lepton.ingest.conflicts", description: "Records rejected because their id already names a different record");
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("lepton.ingest.dead_letters", unit: "{record}", description: "Records rejected to the dead-letter store, by source and reason_class (malformed, oversize, conflict, id, tenant, timestamp, amount, currency, field)");
    public static readonly Histogram<int> SubmitRecords = Meter.CreateHistogram("lepton.ingest.submit.records", unit: "{record}", description: "Records per submitted request or consumer batch", tags: null,
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
    public static readonly Histogram<double> SubmitDuration = Meter.CreateDuration("lepton.ingest.submit.duration", "Parse to durable journal, per request or batch");
    public static readonly Histogram<int> DispatchRecords = Meter.CreateHistogram("lepton.ingest.dispatch.records", unit: "{record}", description: "Records per dispatch round", tags: null,
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
    public static readonly Histogram<double> DispatchDuration = Meter.CreateDuration("lepton.ingest.dispatch.duration", "One dispatch round: route and batched grain calls");

    /// <summary>Counts one submit's rejections by reason class (rejections only: nothing runs for a clean batch).</summary>
    public static void CountDeadLetters(List<RejectedRecord> rejected, string source)
    {
        for (var i = 0; i < rejected.Count; i++)
            DeadLetters.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("reason_class", DeadLetterReasonClass.Of(rejected[i].Reason)));
    }
}
