using System.Runtime.CompilerServices;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Silo.Load;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton load`: drives a chosen rate for a chosen time against a running product's ingest (see <see cref="LoadRun"/>).</summary>
public sealed class LoadVerb(TextWriter? output = null, TextWriter? error = null) : IVerb
{
    public string Name => "load";
    public string Summary => "drives a rate for a time against a running instance's HTTP, Kafka or Event Hubs ingest; reports rate, latency, errors, memory";
    public string Usage => $"""
        usage: lepton load --target http|kafka|event-hubs --rate N --duration 30s [--chunk K] [--tenant T]
                           [--url http://127.0.0.1:8080] [--key KEY] [--concurrency 8]
                           [--bootstrap HOST:PORT[,HOST:PORT]] [--topic transactions]
                           [--connection-string CS] [--hub transactions]
                           [--metrics-url URL] [--out report.json] [--csv memory.csv] [--seed 1] [--allow-remote]

        Sends generated records (`lepton generate`'s generator, ids unique to the run) for tenant --tenant (default
        'demo'), which must already exist on the target (POST /v1/tenants; with --target http it is checked first).
        Records are generated before the clock starts (up to {LoadOptions.MaxReadAheadRecords:N0}; a longer run generates
        the rest during it, that far ahead), at most {LoadOptions.MaxRecords:N0} records and {LoadOptions.MaxDuration.TotalHours:0} h a run.

        Open loop: chunk i of --chunk records (--records-per-message is the same option; default 1,000 for http, 100
        otherwise) is due at i × chunk / rate seconds, whether or not earlier chunks were answered, and its latency runs
        from that due time, so waiting for the target counts.
          http        POST /v1/records with NDJSON bodies of one chunk, at most --concurrency at once, with --key (default
                      the LEPTON_ADMIN_KEY variable); latency = due → 202. 429 and 503 count as backpressure.
          kafka       one message per record keyed by tenant to --topic on --bootstrap (acks=all); latency = due → ack.
          event-hubs  batches keyed by tenant to --hub via --connection-string (a SAS policy, or
                      UseDevelopmentEmulator=true); latency = due → send completed.
        Targets must be on this machine (loopback) unless --allow-remote is given.

        Every second a progress line: records acknowledged, rate, p50/p99 so far, errors, and the target's RSS and GC
        heap from its Prometheus --metrics-url (default <url>/metrics; a stream target's only when --url or
        --metrics-url is given). At the end: achieved rate (records acknowledged / seconds until the last answer, at
        least the duration), latency p50/p90/p99/max, errors by kind, memory first/min/max/last. --csv writes one row a
        second (t_s,sent,rate_per_s,p99_ms,rss_bytes,gc_heap_bytes; docs/scripts/plot-soak.py plots it), --out the
        report as JSON.

        Exit code 0 when the achieved rate is within 5 % of --rate and nothing failed except backpressure; 1 otherwise
        or when the target is unusable (unreachable, wrong key, missing tenant); 2 on bad arguments.
        """;

    private TextWriter Output => output ?? Console.Out;
    private TextWriter Error => error ?? Console.Error;

    public async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.FromArgs(args);
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // finish with a report of what was sent
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var stats = new LoadStatistics();
            await using var sender = CreateSender(options, stats);
            using var memory = options.MetricsUrl is null ? null : new TargetMemorySampler(options.MetricsUrl);
            LoadReport report;
            try
            {
                report = await new LoadRun(options, sender, stats, memory, Output).RunAsync(stop.Token);
            }
            catch (LoadTargetException e)
            {
                Error.WriteLine($"lepton load: {e.Message}");
                return 1;
            }
            report.WriteSummary(Output);
            if (options.CsvPath is not null)
                await File.WriteAllTextAsync(options.CsvPath, report.ToCsv());
            if (options.OutPath is not null)
                await File.WriteAllTextAsync(options.OutPath, report.ToJson());
            return report.Passed ? 0 : 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static ILoadSender CreateSender(LoadOptions options, LoadStatistics stats) => options.Target switch
    {
        LoadTargetKind.Http => new HttpLoadSender(options.Url!, options.Key!, options.Tenant, options.Concurrency, stats),
        LoadTargetKind.Kafka => CreateKafkaSender(options, stats),
        _ => new EventHubsLoadSender(options.ConnectionString!, options.Hub, options.Tenant, options.Concurrency, stats),
    };

    private static ILoadSender CreateKafkaSender(LoadOptions options, LoadStatistics stats)
    {
        // Before any Confluent type is touched: bind the bundled librdkafka, not a system one.
        KafkaNativeLibrary.EnsureLoaded();
        return NewKafkaSender(options, stats);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ILoadSender NewKafkaSender(LoadOptions options, LoadStatistics stats) =>
        new KafkaLoadSender(options.Bootstrap!, options.Topic, options.Tenant, stats);
}
