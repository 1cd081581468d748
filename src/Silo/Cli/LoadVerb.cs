using System.CommandLine;
using System.Runtime.CompilerServices;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Silo.Cli.Progress;
using Lepton.Monitor.Silo.Load;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton load`: drives a chosen rate for a chosen time against a running product's ingest (see <see cref="LoadRun"/>).</summary>
public sealed class LoadVerb(TextWriter? output = null, TextWriter? error = null) : Verb
{
    private readonly Option<string> _target = new Option<string>("--target") { Description = "the ingest to drive (required)", HelpName = "http|kafka|event-hubs" };
    private readonly Option<double> _rate = new("--rate") { Description = "records per second (required)", HelpName = "N" };
    private readonly Option<string> _duration = new("--duration") { Description = "how long: 30s, 10m, 1h, 1m30s (required)", HelpName = "DURATION" };
    private readonly Option<int> _chunk = new("--chunk") { Description = "records per request or message (default 1,000 for http, 100 otherwise)", HelpName = "K" };
    private readonly Option<int> _recordsPerMessage = new("--records-per-message") { Description = "the same as --chunk", HelpName = "K" };
    private readonly Option<string> _tenant = new("--tenant") { Description = "the tenant the records belong to (must exist; default demo)", HelpName = "T" };
    private readonly Option<string> _url = new("--url") { Description = "http: the instance (default http://127.0.0.1:8080)", HelpName = "URL" };
    private readonly Option<string> _key = new("--key") { Description = $"http: the API key (default ${ParkedVerb.KeyVariable})", HelpName = "KEY" };
    private readonly Option<string> _bootstrap = new("--bootstrap") { Description = "kafka: bootstrap servers", HelpName = "HOST:PORT[,HOST:PORT]" };
    private readonly Option<string> _topic = new("--topic") { Description = "kafka: the topic (default transactions)", HelpName = "T" };
    private readonly Option<string> _connectionString = new("--connection-string") { Description = "event-hubs: a SAS policy, or UseDevelopmentEmulator=true", HelpName = "CS" };
    private readonly Option<string> _hub = new("--hub") { Description = "event-hubs: the event hub (default transactions)", HelpName = "H" };
    private readonly Option<string> _metricsUrl = new("--metrics-url") { Description = "the target's Prometheus /metrics for its memory (default <url>/metrics)", HelpName = "URL" };
    private readonly Option<string> _out = new("--out") { Description = "also write the report as JSON to this file", HelpName = "report.json" };
    private readonly Option<string> _csv = new("--csv") { Description = "one row a second: t_s,sent,rate_per_s,p99_ms,rss_bytes,gc_heap_bytes", HelpName = "memory.csv" };
    private readonly Option<int> _concurrency = new("--concurrency") { Description = "http: requests in flight at most (default 8)", HelpName = "N" };
    private readonly Option<bool> _allowRemote = new("--allow-remote") { Description = "allow a target that is not this machine" };
    private readonly Option<long> _seed = new("--seed") { Description = "generator seed (default 1)", HelpName = "N" };
    private readonly Option<bool> _quiet = CommonOptions.Quiet();
    private readonly Option<OutputFormat> _output = CommonOptions.Output();

    public override string Name => "load";
    public override string Summary => "drives a rate for a time against a running instance's HTTP, Kafka or Event Hubs ingest; reports rate, latency, errors, memory";

    public override string Details => $"""
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

        Progress (none with --quiet): a bar of the records acknowledged of those scheduled, with rate and ETA, on a
        terminal, else lines on stderr; every second it adds that second's rate, p50/p99 so far, errors, and the
        target's RSS and GC heap from its Prometheus --metrics-url (default <url>/metrics; a stream target's only when
        --url or --metrics-url is given). At the end: achieved rate (records acknowledged /
        seconds until the last answer, at least the duration), latency p50/p90/p99/max, errors by kind, memory
        first/min/max/last, or with --output json the report (docs/cli.md). --csv writes one row a second
        (docs/scripts/plot-soak.py plots it), --out the report as JSON.

        Exit code 0 when the achieved rate is within 5 % of --rate and nothing failed except backpressure; 1 otherwise
        or when the target is unusable (unreachable, wrong key, missing tenant); 2 on bad arguments.
        """;

    private TextWriter Output => output ?? Console.Out;
    private TextWriter Error => error ?? Console.Error;

    private Option[] Options =>
    [
        _target, _rate, _duration, _chunk, _recordsPerMessage, _tenant, _url, _key, _bootstrap, _topic, _connectionString, _hub,
        _metricsUrl, _out, _csv, _concurrency, _allowRemote, _seed, _quiet, _output,
    ];

    protected override void Define(Command command)
    {
        foreach (var option in Options)
            command.Options.Add(option);
        _target.CompletionSources.Add("http", "kafka", "event-hubs");
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = LoadOptions.FromArgs(new OptionLookup(parse, Options));
        var json = parse.GetValue(_output) == OutputFormat.Json;
        var progress = ConsoleProgress.Create(parse.GetValue(_quiet), Error);
        // What the run drives and where: stdout beside the text report, stderr beside JSON (stdout is the document
        // alone); --quiet leaves only the report and errors.
        var log = parse.GetValue(_quiet) ? TextWriter.Null : json ? Error : Output;
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
                report = await new LoadRun(options, sender, stats, memory, progress, log).RunAsync(stop.Token);
            }
            catch (LoadTargetException e)
            {
                Error.WriteLine($"lepton load: {e.Message}");
                return 1;
            }
            if (json)
                Output.WriteLine(report.ToJson());
            else
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
