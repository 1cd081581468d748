using System.CommandLine;
using System.Runtime.InteropServices;
using Lepton.Monitor.DevTools.Bench;
using Lepton.Monitor.Reporting;
using Lepton.Monitor.Silo.Cli;
using Lepton.Monitor.Silo.Cli.Output;
using Lepton.Monitor.Silo.Cli.Progress;

namespace Lepton.Monitor.DevTools.Cli;

/// <summary>`lepton bench`: throughput and ingest-to-alert latency of the in-process pipeline, with the raw limits beside it.</summary>
public sealed class BenchVerb : Verb
{
    private readonly Option<int?> _records = Positive("--records", "records to send (default 200,000; --monitors and --subscribers 100,000; --cluster 50,000)");
    private readonly Option<int?> _chunk = Positive("--chunk", "records per submitted chunk (default 5,000; --cluster 1,000)");
    private readonly Option<int?> _concurrency = Positive("--concurrency", "concurrent submitters or posters (default 4)");
    private readonly Option<int?> _onnxBatch = Positive("--onnx-batch", "rows per raw ONNX Run (default 4,096)");
    private readonly Option<int?> _halfRateSeconds = new Option<int?>("--half-rate-seconds") { Description = "seconds of the paced run at half rate (default 10; 0 skips it)", HelpName = "N" }.AtLeast(0);
    private readonly Option<string> _data = new("--data") { Description = "data folder of the bench host (default a temporary one)", HelpName = "DIR" };
    private readonly Option<bool> _http = new("--http") { Description = "also POST the records over loopback HTTP, then 1,000-record bodies at half that rate" };
    private readonly Option<bool> _kafka = new("--kafka") { Description = "also the Kafka path on librdkafka's in-process mock cluster" };
    private readonly Option<string> _eventHubs = new("--event-hubs") { Description = "also the Event Hubs path over an existing, EMPTY hub of this namespace", HelpName = "CONNECTION_STRING" };
    private readonly Option<string> _eventHub = new("--event-hub") { Description = "the hub of --event-hubs (default lepton-bench)", HelpName = "NAME" };
    private readonly Option<int?> _shards = new Option<int?>("--shards") { Description = "monitor grains per (tenant, jurisdiction) (default 1; --cluster 4)", HelpName = "N" }.Between(1, 64);
    private readonly Option<bool> _scoring = new("--scoring") { Description = "the scoring engine alone, each shipped model family" };
    private readonly Option<int?> _callers = Positive("--callers", "--scoring/--gpu: concurrent callers (default 8; --gpu 4)");
    private readonly Option<int?> _cellMs = Positive("--cell-ms", "--scoring/--gpu: milliseconds per measured cell (default 400; --gpu 1,000)");
    private readonly Option<bool> _monitors = new("--monitors") { Description = "rule evaluation, the drift monitor and the pipeline with monitors off/on" };
    private readonly Option<int> _rounds = new Option<int>("--rounds") { Description = "--monitors: alternating off/on rounds", HelpName = "N", DefaultValueFactory = _ => 2 }.AtLeast(1);
    private readonly Option<bool> _gpu = new("--gpu") { Description = "the cuBLASLt backend on an NVIDIA GPU (exit 1 where none can be used)" };
    private readonly Option<bool> _subscribers = new("--subscribers") { Description = "the pipeline with 10 webhook subscriptions and 10 SSE clients attached" };
    private readonly Option<int> _webhooks = new Option<int>("--webhooks") { Description = "--subscribers: webhook subscriptions", HelpName = "N", DefaultValueFactory = _ => 10 }.AtLeast(0);
    private readonly Option<int> _sse = new Option<int>("--sse") { Description = "--subscribers: SSE clients", HelpName = "N", DefaultValueFactory = _ => 10 }.AtLeast(0);
    private readonly Option<bool> _cluster = new("--cluster") { Description = "real local clusters (infra/local/cluster.sh) of 1, 2, 3 silos" };
    private readonly Option<string> _silos = new("--silos") { Description = "--cluster: silo counts (default 1,2,3)", HelpName = "1,2,3" };
    private readonly Option<string> _clusterScript = new("--cluster-script") { Description = "--cluster: the cluster script (default infra/local/cluster.sh found upward)", HelpName = "PATH" };
    private readonly Option<string> _report = new("--report") { Description = "also write a self-contained HTML report (throughput and latency charts, targets met or missed) into DIR (docs/reports.md)", HelpName = "DIR" };
    private readonly Option<OutputFormat> _output = CommonOptions.Output();
    private readonly Option<bool> _quiet = CommonOptions.Quiet();

    public override string Name => "bench";
    public override string Summary => "measure records/s and ingest-to-alert latency of the pipeline against its raw limits";

    public override string Details => """
        In one process and one run: raw parse+validate (1 thread), raw batched ONNX Run on pre-built tensors,
        then N generated records through the all-in-one pipeline (ingest → journal → grains → scoring → rules →
        alert store, no HTTP) submitted in chunks by concurrent submitters; then a paced run at half the measured
        rate for ingest-to-alert p50/p99. Defaults: 200,000 records, chunks of 5,000, 4 submitters, ONNX batch 4,096.
        With --output json the figures are one JSON document on stdout (docs/cli.md) and the running commentary goes
        to stderr; --report DIR also writes DIR/index.html with the figures as charts (docs/reports.md). One of
        --scoring, --monitors, --gpu, --subscribers or --cluster measures something else instead (text only, no
        report); docs/benchmarks.md describes each, with figures.

        --http: also POST the same number of records over loopback HTTP (NDJSON chunks, the submitters as posters),
        then 1,000-record bodies at half that rate for --half-rate-seconds (POST /v1/records p50/p99). --kafka: also
        the Kafka path on librdkafka's in-process mock cluster (3 brokers, 4 partitions): produce, consume-only and a
        fresh host to all processed. --event-hubs CONNECTION_STRING: also, over an existing, EMPTY hub with 4 partitions
        (--event-hub, default lepton-bench; create it in the portal, or run bench/Lepton.Monitor.EventHubsBench),
        produce 20,000 warm-up and N records, consume-only, then a fresh host through the native adapter.
        --shards N: the bench tenants spread each jurisdiction over N monitor grains (default 1), for 1-vs-N runs.
        """;

    private static Option<int?> Positive(string name, string description) =>
        new Option<int?>(name) { Description = description, HelpName = "N" }.AtLeast(1);

    protected override void Define(Command command)
    {
        Option[] options =
        [
            _records, _chunk, _concurrency, _onnxBatch, _halfRateSeconds, _data, _http, _kafka, _eventHubs, _eventHub, _shards,
            _scoring, _callers, _cellMs, _monitors, _rounds, _gpu, _subscribers, _webhooks, _sse, _cluster, _silos, _clusterScript,
            _report, _output, _quiet,
        ];
        foreach (var option in options)
            command.Options.Add(option);
        command.Validators.Add(result =>
        {
            var modes = new[] { _scoring, _monitors, _gpu, _subscribers, _cluster }.Where(m => result.GetValue(m)).Select(m => m.Name).ToList();
            if (modes.Count > 1)
                result.AddError($"give at most one of {string.Join(", ", modes)}");
            else if (modes.Count == 1 && result.GetValue(_output) == OutputFormat.Json)
                result.AddError($"--output json is for the pipeline bench, not {modes[0]}");
            else if (modes.Count == 1 && result.GetValue(_report) is not null)
                result.AddError($"--report is for the pipeline bench, not {modes[0]}");
            // Refused before a run of minutes, not after it.
            else if (result.GetValue(_report) is { } directory && File.Exists(directory))
                result.AddError($"--report: '{directory}' is a file, not a directory");
        });
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        int Or(Option<int?> option, int fallback) => parse.GetValue(option) ?? fallback;
        var machine = $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}";
        if (parse.GetValue(_cluster))
        {
            var c = new ClusterBenchOptions();
            return await new ClusterBenchmark(c with
            {
                Records = Or(_records, c.Records),
                ChunkRecords = Or(_chunk, c.ChunkRecords),
                Concurrency = Or(_concurrency, c.Concurrency),
                Silos = parse.GetValue(_silos) is { } silos ? ClusterBenchOptions.ParseSilos(silos) : c.Silos,
                Shards = Or(_shards, c.Shards),
                ScriptPath = parse.GetValue(_clusterScript),
            }, Console.Out).RunAsync();
        }
        if (parse.GetValue(_scoring))
        {
            var s = new ScoringBenchOptions();
            Console.WriteLine(machine);
            Console.WriteLine();
            await new ScoringBenchmark(s with
            {
                Callers = Or(_callers, s.Callers),
                CellDuration = TimeSpan.FromMilliseconds(Or(_cellMs, (int)s.CellDuration.TotalMilliseconds)),
            }, Console.Out).RunAsync();
            return ExitCodes.Ok;
        }
        if (parse.GetValue(_gpu))
            return await new GpuBenchmark(TimeSpan.FromMilliseconds(Or(_cellMs, 1000)), Or(_callers, 4), Console.Out).RunAsync();
        if (parse.GetValue(_monitors))
        {
            await new MonitorsBenchmark(new BenchOptions { Records = Or(_records, 100_000) }, parse.GetValue(_rounds), Console.Out).RunAsync();
            return ExitCodes.Ok;
        }
        if (parse.GetValue(_subscribers))
        {
            var b = new BenchOptions();
            return await new SubscribersBenchmark(b with
            {
                Records = Or(_records, 100_000),
                HalfRateSeconds = Or(_halfRateSeconds, 10),
                Concurrency = Or(_concurrency, b.Concurrency),
                ChunkRecords = Or(_chunk, b.ChunkRecords),
                DataPath = parse.GetValue(_data),
            }, Console.Out, parse.GetValue(_webhooks), parse.GetValue(_sse)).RunAsync();
        }

        var json = parse.GetValue(_output) == OutputFormat.Json;
        var d = new BenchOptions();
        var options = d with
        {
            Records = Or(_records, d.Records),
            ChunkRecords = Or(_chunk, d.ChunkRecords),
            Concurrency = Or(_concurrency, d.Concurrency),
            OnnxBatch = Or(_onnxBatch, d.OnnxBatch),
            HalfRateSeconds = Or(_halfRateSeconds, d.HalfRateSeconds),
            DataPath = parse.GetValue(_data),
            Http = parse.GetValue(_http),
            Kafka = parse.GetValue(_kafka),
            EventHubsConnectionString = parse.GetValue(_eventHubs),
            EventHubsHub = parse.GetValue(_eventHub) ?? d.EventHubsHub,
            Shards = Or(_shards, d.Shards),
            // The bench host's log lines (Orleans' silo start and stop) would land in the JSON on stdout otherwise.
            HostArgs = json ? ["--Logging:Console:LogToStandardErrorThreshold", "Trace"] : d.HostArgs,
        };
        var reportDirectory = parse.GetValue(_report);
        // The running commentary: stdout beside the text report, stderr beside JSON (stdout is the document alone).
        var log = json ? Console.Error : Console.Out;
        var report = await new PipelineBenchmark(options, log, ConsoleProgress.Create(parse.GetValue(_quiet))).RunAsync();
        string? page = null;
        if (reportDirectory is not null)
        {
            page = ReportWriter.WriteBench(reportDirectory, BenchReportMapping.ToReportInput(report, options, Environment.ProcessorCount, RuntimeInformation.OSDescription));
            Console.Error.WriteLine($"report: {page}");
        }
        if (json)
        {
            JsonOutput.Write(Console.Out, new BenchDocument(Environment.ProcessorCount, RuntimeInformation.OSDescription, report, page));
            return ExitCodes.Ok;
        }
        Console.WriteLine();
        Console.WriteLine(machine);
        Console.Write(report);
        return ExitCodes.Ok;
    }
}
