using System.Globalization;
using Lepton.Monitor.Reporting;
using Lepton.Monitor.Reporting.Bench;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// A pipeline bench's figures as the report library's input (<c>lepton bench --report DIR</c>): records/s per path,
/// ingest-to-alert and POST latency per scenario, CPU and allocation per record, each with its issue-18 target, and the
/// ratios between paths as checks. Figures that were not measured (NaN: no samples, null: phase not run) are left out.
/// </summary>
public static class BenchReportMapping
{
    public static BenchReportInput ToReportInput(BenchReport report, BenchOptions options, int cores, string os)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        var c = CultureInfo.InvariantCulture;
        return new BenchReportInput(Throughput(report), Latency(report))
        {
            Title = $"Bench of {report.Records.ToString("N0", c)} records",
            Source = $"{cores} cores, {os}; {options.Concurrency} submitters, chunks of {options.ChunkRecords.ToString("N0", c)}, {options.Shards} shard(s) per (tenant, jurisdiction)",
            Costs = Costs(report),
            Checks = Checks(report),
            Figures =
            [
                new ReportFigure("records", report.Records.ToString("N0", c)),
                new ReportFigure("pipeline records/s", report.PipelinePerSecond.ToString("N0", c)),
                new ReportFigure("alert candidates", report.AlertsRaised.ToString("N0", c)),
                new ReportFigure("cores", cores.ToString(c)),
            ],
        };
    }

    private static List<ThroughputFigure> Throughput(BenchReport r)
    {
        var figures = new List<ThroughputFigure>();
        void Add(string path, double? perSecond, double? target = null, string unit = "records/s")
        {
            if (Measured(perSecond))
                figures.Add(new ThroughputFigure(path, perSecond!.Value) { Target = target, Unit = unit });
        }
        Add("raw parse+validate (1 thread)", r.ParseValidatePerSecond);
        Add($"raw ONNX Run, batch {r.OnnxBatch.ToString("N0", CultureInfo.InvariantCulture)} (1 thread)", r.OnnxRowsPerSecond, unit: "rows/s");
        Add("parse+score limit", r.ParseScoreLimit);
        Add("essential work limit (2 cores)", r.EssentialWork?.TwoCoreLimit);
        Add("pipeline (in-process)", r.PipelinePerSecond, BenchReport.TargetPipelinePerSecond);
        Add("HTTP path", r.HttpPerSecond);
        Add("Kafka path", r.Kafka?.PipelinePerSecond);
        Add("Event Hubs path", r.EventHubs?.PipelinePerSecond);
        return figures;
    }

    private static List<LatencyFigure> Latency(BenchReport r)
    {
        var figures = new List<LatencyFigure>();
        if (Measured(r.SaturatedP50Ms) && Measured(r.SaturatedP99Ms))
            figures.Add(new LatencyFigure("ingest to alert at saturation", r.SaturatedP50Ms, r.SaturatedP99Ms));
        if (Measured(r.HalfRateP50Ms) && Measured(r.HalfRateP99Ms))
            figures.Add(new LatencyFigure($"ingest to alert at half rate ({r.HalfRatePerSecond.ToString("N0", CultureInfo.InvariantCulture)}/s)", r.HalfRateP50Ms, r.HalfRateP99Ms)
            {
                TargetP99Ms = BenchReport.TargetHalfRateP99Ms,
            });
        if (r.HttpHalfRate is { } http && Measured(http.P50Ms) && Measured(http.P99Ms))
            figures.Add(new LatencyFigure($"POST /v1/records, {http.BodyRecords.ToString("N0", CultureInfo.InvariantCulture)}-record bodies at half rate", http.P50Ms, http.P99Ms)
            {
                MaxMs = Measured(http.MaxMs) ? http.MaxMs : null,
                TargetP99Ms = HttpHalfRateResult.TargetP99Ms,
            });
        return figures;
    }

    private static List<CostFigure> Costs(BenchReport r)
    {
        var cpu = r.PipelineRuntime?.CpuMicrosPerRecord ?? r.PipelineCpuMicrosPerRecord;
        var costs = new List<CostFigure>();
        if (Measured(cpu))
            costs.Add(new CostFigure("pipeline: process CPU per record", cpu, "µs") { TargetAtMost = RuntimeCost.TargetCpuMicrosPerRecord });
        if (r.PipelineRuntime is { } pipeline)
            costs.Add(new CostFigure("pipeline: allocated per record", pipeline.BytesPerRecord, "B") { TargetAtMost = RuntimeCost.TargetBytesPerRecord });
        if (r.HttpRuntime is { } http)
        {
            costs.Add(new CostFigure("HTTP path: process CPU per record", http.CpuMicrosPerRecord, "µs"));
            costs.Add(new CostFigure("HTTP path: allocated per record", http.BytesPerRecord, "B"));
        }
        return costs;
    }

    /// <summary>The issue-18 targets that are not one figure: ratios between paths, and no gen2 collection.</summary>
    private static List<TargetCheck> Checks(BenchReport r)
    {
        var checks = new List<TargetCheck>();
        void Ratio(string name, double? ratio, double target)
        {
            if (Measured(ratio))
                checks.Add(new TargetCheck(name, ratio!.Value, target, AtLeast: true));
        }
        Ratio("pipeline / (2 × essential limit)", r.PipelineToEssentialLimit, BenchReport.TargetShareOfEssentialLimit);
        Ratio("HTTP / in-process", r.HttpToPipeline, BenchReport.TargetHttpToPipeline);
        Ratio("Kafka / HTTP", r.KafkaToHttp, BenchReport.TargetStreamToHttp);
        Ratio("Event Hubs / HTTP", r.EventHubsToHttp, BenchReport.TargetStreamToHttp);
        if (r.PipelineRuntime is { } pipeline)
            checks.Add(new TargetCheck("pipeline: gen2 collections", pipeline.Gen2Collections, 0, AtLeast: false));
        return checks;
    }

    private static bool Measured(double? value) => value is { } v && double.IsFinite(v) && v >= 0;
}
