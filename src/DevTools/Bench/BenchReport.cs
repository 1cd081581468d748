using System.Globalization;
using System.Text;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>The figures of one bench run, measured in one process on one machine, and their ratios.</summary>
public sealed record BenchReport(
    int Records,
    double ParseValidatePerSecond,
    double OnnxRowsPerSecond,
    int OnnxBatch,
    double PipelinePerSecond,
    double PipelineCpuMicrosPerRecord,
    double SaturatedP50Ms,
    double SaturatedP99Ms,
    double HalfRatePerSecond,
    double HalfRateP50Ms,
    double HalfRateP99Ms,
    int HalfRateAlerts,
    long AlertsRaised)
{
    /// <summary>Parse+validate and scoring done one after the other on the same cores: 1 / (1/p + 1/s).</summary>
    public double ParseScoreLimit => 1.0 / (1.0 / ParseValidatePerSecond + 1.0 / OnnxRowsPerSecond);

    /// <summary>The same records POSTed over loopback HTTP, to all processed (`--http`); null when not measured.</summary>
    public double? HttpPerSecond { get; init; }

    /// <summary>The runtime's counters over the in-process pipeline phase (allocation, GCs, pause, thread pool, CPU).</summary>
    public RuntimeCost? PipelineRuntime { get; init; }

    /// <summary>The runtime's counters over the HTTP phase (`--http`), loopback client included; null when not measured.</summary>
    public RuntimeCost? HttpRuntime { get; init; }

    /// <summary>POST /v1/records latency of 1,000-record bodies at half the HTTP rate (`--http`, issue 18 item 4); null when not measured.</summary>
    public HttpHalfRateResult? HttpHalfRate { get; init; }

    /// <summary>Issue 18, item 1: in-process pipeline records/s on 2 cores.</summary>
    public const double TargetPipelinePerSecond = 200_000;

    /// <summary>Issue 18, item 4: ingest-to-alert p99 at half rate.</summary>
    public const double TargetHalfRateP99Ms = 25;

    /// <summary>Issue 18: the HTTP path at least this share of the in-process pipeline.</summary>
    public const double TargetHttpToPipeline = 0.90;

    /// <summary>Issue 18: the Kafka and Event Hubs paths at least this share of the HTTP path.</summary>
    public const double TargetStreamToHttp = 0.80;

    /// <summary>The single-thread limit of the essential work per record (issue 18, item 2); null when not measured.</summary>
    public EssentialWorkResult? EssentialWork { get; init; }

    /// <summary>Issue 18, item 2: at least this share of the essential-work limit on 2 cores.</summary>
    public const double TargetShareOfEssentialLimit = 0.40;

    /// <summary>In-process pipeline / (2 × the single-thread essential-work limit): the share of the 2-core limit reached.</summary>
    public double? PipelineToEssentialLimit => EssentialWork is { RecordsPerSecond: > 0 } e ? PipelinePerSecond / e.TwoCoreLimit : null;

    /// <summary>
    /// Essential work's CPU per record / the pipeline's CPU per record: the share of the pipeline's CPU that is essential
    /// work. Steadier than the records/s ratio on a busy machine (both are CPU, so neither counts time the core was taken away).
    /// </summary>
    public double? EssentialCpuShare => EssentialWork is { CpuMicrosPerRecord: > 0 } e && PipelineCpuMicrosPerRecord > 0
        ? e.CpuMicrosPerRecord / PipelineCpuMicrosPerRecord
        : null;

    /// <summary>The Kafka figures (`--kafka`); null when not measured.</summary>
    public KafkaBenchResult? Kafka { get; init; }

    /// <summary>The Event Hubs figures (`--event-hubs`); null when not measured.</summary>
    public EventHubsBenchResult? EventHubs { get; init; }

    /// <summary>Event Hubs path / HTTP path.</summary>
    public double? EventHubsToHttp => EventHubs?.PipelinePerSecond / HttpPerSecond;

    /// <summary>Event Hubs path / consume-only of the same hub.</summary>
    public double? EventHubsToConsumeOnly => EventHubs?.PipelinePerSecond / EventHubs?.ConsumeOnlyPerSecond;

    /// <summary>HTTP path / in-process pipeline.</summary>
    public double? HttpToPipeline => HttpPerSecond / PipelinePerSecond;

    /// <summary>Kafka path / HTTP path.</summary>
    public double? KafkaToHttp => Kafka?.PipelinePerSecond / HttpPerSecond;

    /// <summary>Kafka path / consume-only of the same topic.</summary>
    public double? KafkaToConsumeOnly => Kafka?.PipelinePerSecond / Kafka?.ConsumeOnlyPerSecond;

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"records                                 {Records:N0}");
        s.AppendLine(c, $"raw parse+validate (1 thread)           {ParseValidatePerSecond,12:N0} records/s");
        s.AppendLine(c, $"raw ONNX Run, batch {OnnxBatch,-6} (1 thread)  {OnnxRowsPerSecond,12:N0} rows/s");
        s.AppendLine(c, $"parse+score limit 1/(1/p+1/s)           {ParseScoreLimit,12:N0} records/s");
        if (EssentialWork is { } essential)
            s.Append(essential.Format());
        s.AppendLine(c, $"pipeline (HTTP-less, journal+grains)    {PipelinePerSecond,12:N0} records/s  ({IssueTarget.AtLeast(PipelinePerSecond, TargetPipelinePerSecond, unit: " on 2 cores")}; {AlertsRaised:N0} alert candidates)");
        if (PipelineRuntime is { } runtime)
            s.Append(runtime.Format());
        else
            s.AppendLine(c, $"  process CPU per record                {PipelineCpuMicrosPerRecord,12:N1} µs  (both cores; {IssueTarget.AtMost(PipelineCpuMicrosPerRecord, RuntimeCost.TargetCpuMicrosPerRecord)})");
        s.AppendLine(c, $"  ingest-to-alert at saturation         p50 {SaturatedP50Ms,8:N1} ms   p99 {SaturatedP99Ms,8:N1} ms");
        s.AppendLine(c, $"pipeline at half rate ({HalfRatePerSecond:N0}/s)   p50 {HalfRateP50Ms,8:N1} ms   p99 {HalfRateP99Ms,8:N1} ms  (ingest to alert; {IssueTarget.AtMost(HalfRateP99Ms, TargetHalfRateP99Ms, unit: " ms")}; {HalfRateAlerts} alerts)");
        s.AppendLine(c, $"ratio pipeline / parse+validate         {PipelinePerSecond / ParseValidatePerSecond,12:P1}");
        s.AppendLine(c, $"ratio pipeline / raw ONNX               {PipelinePerSecond / OnnxRowsPerSecond,12:P1}");
        s.AppendLine(c, $"ratio pipeline / parse+score limit      {PipelinePerSecond / ParseScoreLimit,12:P1}");
        if (PipelineToEssentialLimit is { } share)
            s.AppendLine(c, $"ratio pipeline / (2 × essential limit)  {share,12:P1}  (on 2 cores; {IssueTarget.AtLeast(share, TargetShareOfEssentialLimit, "P0")})");
        if (EssentialCpuShare is { } cpuShare)
            s.AppendLine(c, $"ratio essential / pipeline CPU per record {cpuShare,10:P1}  (the pipeline's CPU that is essential work)");
        if (HttpPerSecond is { } http)
        {
            s.AppendLine(c, $"HTTP path (loopback POST, to processed) {http,12:N0} records/s");
            if (HttpRuntime is { } httpRuntime)
                s.Append(httpRuntime.Format());
        }
        if (HttpHalfRate is { } httpHalf)
            s.Append(httpHalf.Format());
        if (Kafka is { } k)
        {
            s.AppendLine(c, $"kafka produce (mock cluster, {k.Partitions} part.)  {k.ProducePerSecond,12:N0} messages/s");
            s.AppendLine(c, $"kafka consume-only (same topic)         {k.ConsumeOnlyPerSecond,12:N0} messages/s");
            s.AppendLine(c, $"kafka path (topic → persisted alerts)   {k.PipelinePerSecond,12:N0} records/s  (host start to first message {k.PipelineStartSeconds:N2} s)");
        }
        if (EventHubs is { } e)
        {
            s.AppendLine(c, $"event hubs produce ({e.Partitions} partitions)        {e.ProducePerSecond,12:N0} events/s");
            s.AppendLine(c, $"event hubs consume-only (same hub)      {e.ConsumeOnlyPerSecond,12:N0} events/s");
            s.AppendLine(c, $"event hubs path (hub → persisted alerts){e.PipelinePerSecond,12:N0} records/s  (after {e.WarmRecords:N0} warm-up records)");
            s.AppendLine(c, $"  from a cold host, over all records    {e.ColdPipelinePerSecond,12:N0} records/s  (host start to first event {e.PipelineStartSeconds:N2} s)");
        }
        if (HttpToPipeline is { } hp)
            s.AppendLine(c, $"ratio HTTP / in-process                 {hp,12:P1}  ({IssueTarget.AtLeast(hp, TargetHttpToPipeline, "P0")})");
        if (KafkaToHttp is { } kh)
            s.AppendLine(c, $"ratio Kafka / HTTP                      {kh,12:P1}  ({IssueTarget.AtLeast(kh, TargetStreamToHttp, "P0")})");
        if (KafkaToConsumeOnly is { } kc)
            s.AppendLine(c, $"ratio kafka path / consume-only         {kc,12:P1}");
        if (EventHubsToHttp is { } eh)
            s.AppendLine(c, $"ratio Event Hubs / HTTP                 {eh,12:P1}  ({IssueTarget.AtLeast(eh, TargetStreamToHttp, "P0")})");
        if (EventHubsToConsumeOnly is { } ec)
            s.AppendLine(c, $"ratio event hubs path / consume-only    {ec,12:P1}");
        return s.ToString();
    }
}
