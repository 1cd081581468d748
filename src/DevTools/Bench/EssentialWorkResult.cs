using System.Globalization;
using System.Text;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>One single-threaded pass of the essential work over the bench's records: time and allocation per stage.</summary>
public sealed record EssentialWorkResult(
    long Records,
    long Rejected,
    long Evaluations,
    long Candidates,
    int ScoreBatch,
    IReadOnlyDictionary<EssentialStage, TimeSpan> StageTime,
    IReadOnlyDictionary<EssentialStage, long> StageAllocatedBytes)
{
    /// <summary>Process CPU over the pass (the loop's thread and the GC's work for it); zero when not measured.</summary>
    public TimeSpan ProcessCpu { get; init; }

    public double CpuMicrosPerRecord => Records > 0 ? ProcessCpu.TotalMicroseconds / Records : 0;

    public TimeSpan Total => StageTime.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    /// <summary>Records per second through every stage on one thread: the single-thread limit.</summary>
    public double RecordsPerSecond => Total > TimeSpan.Zero ? Records / Total.TotalSeconds : 0;

    /// <summary>The same limit on two cores (issue 18's machine), assuming the work splits perfectly.</summary>
    public double TwoCoreLimit => 2 * RecordsPerSecond;

    public double MicrosPerRecord(EssentialStage stage) => Records > 0 ? StageTime.GetValueOrDefault(stage).TotalMicroseconds / Records : 0;

    public double BytesPerRecord(EssentialStage stage) => Records > 0 ? StageAllocatedBytes.GetValueOrDefault(stage) / (double)Records : 0;

    public double TotalMicrosPerRecord => Records > 0 ? Total.TotalMicroseconds / Records : 0;

    public double TotalBytesPerRecord => Records > 0 ? StageAllocatedBytes.Values.Sum() / (double)Records : 0;

    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"{"essential work, 1 thread (limit)",-40}{RecordsPerSecond,12:N0} records/s  ({TotalMicrosPerRecord:N2} µs, {TotalBytesPerRecord:N0} B per record; {Evaluations / (double)Math.Max(1, Records):N2} packs per record, {Candidates:N0} alert candidates)");
        s.AppendLine(c, $"  {"process CPU per record",-38}{CpuMicrosPerRecord,12:N2} µs");
        foreach (var stage in Enum.GetValues<EssentialStage>())
            s.AppendLine(c, $"  {Name(stage),-38}{MicrosPerRecord(stage),12:N2} µs  {BytesPerRecord(stage),8:N0} B per record");
        return s.ToString();
    }

    private string Name(EssentialStage stage) => stage switch
    {
        EssentialStage.ParseValidate => "parse + validate",
        EssentialStage.Pseudonymize => "pseudonymize (tenant key, token cache)",
        EssentialStage.FeaturizeScore => $"featurize + score (ONNX, batch {ScoreBatch:N0})",
        EssentialStage.Route => "route (jurisdictions)",
        EssentialStage.Rules => "evaluate every pack (entity windows)",
        _ => stage.ToString(),
    };
}
