using System.Globalization;
using System.Text;

namespace Lepton.Monitor.Silo.Bench;

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

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"records                                 {Records:N0}");
        s.AppendLine(c, $"raw parse+validate (1 thread)           {ParseValidatePerSecond,12:N0} records/s");
        s.AppendLine(c, $"raw ONNX Run, batch {OnnxBatch,-6} (1 thread)  {OnnxRowsPerSecond,12:N0} rows/s");
        s.AppendLine(c, $"parse+score limit 1/(1/p+1/s)           {ParseScoreLimit,12:N0} records/s");
        s.AppendLine(c, $"pipeline (HTTP-less, journal+grains)    {PipelinePerSecond,12:N0} records/s  ({AlertsRaised:N0} alert candidates)");
        s.AppendLine(c, $"  process CPU per record                {PipelineCpuMicrosPerRecord,12:N1} µs  (both cores; 100k records/s on 2 cores needs ≤ 20)");
        s.AppendLine(c, $"  ingest-to-alert at saturation         p50 {SaturatedP50Ms,8:N1} ms   p99 {SaturatedP99Ms,8:N1} ms");
        s.AppendLine(c, $"pipeline at half rate ({HalfRatePerSecond:N0}/s)   p50 {HalfRateP50Ms,8:N1} ms   p99 {HalfRateP99Ms,8:N1} ms  ({HalfRateAlerts} alerts)");
        s.AppendLine(c, $"ratio pipeline / parse+validate         {PipelinePerSecond / ParseValidatePerSecond,12:P1}");
        s.AppendLine(c, $"ratio pipeline / raw ONNX               {PipelinePerSecond / OnnxRowsPerSecond,12:P1}");
        s.AppendLine(c, $"ratio pipeline / parse+score limit      {PipelinePerSecond / ParseScoreLimit,12:P1}");
        return s.ToString();
    }
}
