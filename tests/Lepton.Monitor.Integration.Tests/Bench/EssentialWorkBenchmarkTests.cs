using System.Text.Json.Nodes;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Rules;
using Lepton.Monitor.DevTools.Backtest;
using Lepton.Monitor.DevTools.Bench;

namespace Lepton.Monitor.Integration.Tests.Bench;

/// <summary>
/// `lepton bench`'s essential-work loop does each stage for real: the same alert candidates as the offline backtest
/// path (model rules included, so it scored), pseudonyms from the tenant's registry key, every stage measured.
/// </summary>
public sealed class EssentialWorkBenchmarkTests
{
    private static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];

    [Fact]
    public void It_raises_the_same_candidates_as_the_backtest_for_a_fixed_generated_file()
    {
        using var dir = new TempFolder();
        var (input, ndjson) = Generate(dir);
        var report = Path.Combine(dir.Path, "report.ndjson");
        var packs = RulePackSet.LoadDefault();
        var rates = CurrencyRates.LoadDefault();
        var backtest = new BacktestRunner(packs, rates).Run(new BacktestOptions
        {
            InputPath = input, ReportPath = report, UseModel = true, Jurisdictions = Jurisdictions, BatchSize = 1_000,
        });
        var expected = File.ReadLines(report).Select(l => JsonNode.Parse(l)!)
            .Select(a => Key((string)a["jurisdiction"]!, (string)a["ruleId"]!, (string)a["recordId"]!)).Order().ToList();

        using var essential = new EssentialWorkBenchmark(packs, rates, Jurisdictions, scoreBatch: 700);
        var candidates = new List<AlertCandidate>();
        var result = essential.Run(PipelineBenchmark.SplitLines(ndjson, 900), new byte[32], candidates);

        Assert.Equal(expected, candidates.Select(c => Key(c.Jurisdiction, c.RuleId, c.RecordId)).Order().ToList());
        Assert.Equal(backtest.Accepted, result.Records);
        Assert.Equal(backtest.Rejected, result.Rejected);
        Assert.True(result.Rejected > 0, "the file should hold invalid records");
        Assert.Equal(candidates.Count, result.Candidates);
        // Rules of every kind ran, the windowed ones and the model's (which only fire on a score) among them.
        var kinds = candidates.Select(c => c.RuleKind).ToHashSet();
        Assert.Superset(new HashSet<string> { "threshold", "structuring", "velocity", "pii-in-text", "model-score" }, kinds);
        Assert.True(result.Evaluations > result.Records, "records fan out to more than one pack");
    }

    [Fact]
    public void Records_are_pseudonymized_with_the_tenants_key_from_the_registry()
    {
        using var dir = new TempFolder();
        var (_, ndjson) = Generate(dir);
        var masterKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        using var essential = new EssentialWorkBenchmark(RulePackSet.LoadDefault(), CurrencyRates.LoadDefault(), Jurisdictions);
        var candidates = new List<AlertCandidate>();
        essential.Run(PipelineBenchmark.SplitLines(ndjson, 1_000), masterKey, candidates);

        var raw = RecordParser.Parse(ndjson, int.MaxValue, 65_536).Records.Where(r => r.Id is not null).GroupBy(r => r.Id!).ToDictionary(g => g.Key, g => g.First());
        using var registry = PseudonymizerRegistry.FromMasterKey(masterKey);
        var withEvidence = candidates.Where(c => c.Evidence?.Originator?.Account is not null).ToList();
        Assert.NotEmpty(withEvidence);
        foreach (var c in withEvidence.Take(200))
        {
            var account = raw[c.RecordId].Originator!.Account!;
            Assert.Equal(registry.For("acme").Token(account), c.Evidence!.Originator!.Account);
            Assert.NotEqual(account, c.Evidence.Originator.Account);
        }
    }

    [Fact]
    public void Every_stage_is_measured_and_the_limit_is_their_sum()
    {
        using var dir = new TempFolder();
        var (_, ndjson) = Generate(dir);
        using var essential = new EssentialWorkBenchmark(RulePackSet.LoadDefault(), CurrencyRates.LoadDefault(), Jurisdictions);
        var result = essential.Run(PipelineBenchmark.SplitLines(ndjson, 1_000), new byte[32]);

        foreach (var stage in Enum.GetValues<EssentialStage>())
        {
            Assert.True(result.StageTime[stage] > TimeSpan.Zero, $"{stage} took no time");
            Assert.True(result.StageAllocatedBytes[stage] > 0, $"{stage} allocated nothing (parse results, records, scores and candidates are objects)");
        }
        Assert.Equal(result.Records / result.Total.TotalSeconds, result.RecordsPerSecond, 6);
        Assert.Equal(2 * result.RecordsPerSecond, result.TwoCoreLimit, 6);
        Assert.True(result.ProcessCpu > TimeSpan.Zero);
        var text = result.Format();
        Assert.Contains("featurize + score (ONNX, batch 4,096)", text);
        Assert.Contains("evaluate every pack", text);
    }

    [Fact]
    public void The_report_gives_the_pipelines_share_of_twice_the_essential_limit()
    {
        var essential = new EssentialWorkResult(1_000, 0, 2_000, 10, 4_096,
            Enum.GetValues<EssentialStage>().ToDictionary(s => s, _ => TimeSpan.FromMilliseconds(1)),
            Enum.GetValues<EssentialStage>().ToDictionary(s => s, _ => 100L)) { ProcessCpu = TimeSpan.FromMilliseconds(5) };
        // 1,000 records in 5 ms: 200,000 records/s on one thread, 400,000 on two.
        var report = new BenchReport(100_000, 600_000, 90_000_000, 4_096, 100_000, 20, 1, 2, 50_000, 1, 2, 3, 4) { EssentialWork = essential };

        Assert.Equal(0.25, report.PipelineToEssentialLimit!.Value, 6);
        Assert.Contains("ratio pipeline / (2 × essential limit)", report.ToString());
        Assert.Contains("25.0 %", report.ToString());
        Assert.Null((report with { EssentialWork = null }).PipelineToEssentialLimit);
        // 5 µs of essential CPU per record against the pipeline's 20.
        Assert.Equal(0.25, report.EssentialCpuShare!.Value, 6);
    }

    private static string Key(string jurisdiction, string ruleId, string recordId) => $"{jurisdiction}|{ruleId}|{recordId}";

    private static (string Path, byte[] Ndjson) Generate(TempFolder dir)
    {
        var ndjson = TransactionGenerator.GenerateNdjson(new GeneratorOptions { Tenant = "acme", Count = 4_000, Seed = 12, ViolationRate = 0.08, InvalidRate = 0.01 });
        var path = Path.Combine(dir.Path, "records.ndjson");
        File.WriteAllBytes(path, ndjson);
        return (path, ndjson);
    }
}
