using Lepton.Monitor.DevTools.Backtest;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.DevTools.Cli;

/// <summary>`lepton backtest --output json` (schema in docs/cli.md): volumes, candidates per kind, scores with a truth file.</summary>
public sealed record BacktestDocument(
    int SchemaVersion,
    string Input,
    string? Truth,
    string? CandidatesFile,
    string? ReportPage,
    string? ModelVersion,
    long Lines,
    long Accepted,
    long Rejected,
    long Candidates,
    double ElapsedSeconds,
    double RecordsPerSecond,
    long LateRecords,
    long TooLateRecords,
    long EvictedEntities,
    IReadOnlyDictionary<string, long> CandidatesByKind,
    IReadOnlyList<BacktestKindDocument>? Scores,
    bool RecallComplete)
{
    public static BacktestDocument From(BacktestResult r, BacktestOptions options, bool incomplete, string? reportPage) => new(
        1, options.InputPath, options.TruthPath, options.ReportPath, reportPage, r.ModelVersion, r.Lines, r.Accepted, r.Rejected, r.Candidates,
        r.Elapsed.TotalSeconds, r.RecordsPerSecond, r.LateRecords, r.TooLateRecords, r.EvictedEntities,
        new SortedDictionary<string, long>(r.CandidatesByKind.ToDictionary(), StringComparer.Ordinal),
        r.Scores?.Select(s => RuleKinds.Deterministic.Contains(s.Kind)
            ? new BacktestKindDocument(s.Kind, true, s.Planted, s.AlertedRecords, s.TruePositives, s.FalsePositives, s.FalseNegatives, s.Precision, s.Recall)
            : new BacktestKindDocument(s.Kind, false, s.Planted, s.AlertedRecords, s.TruePositives, s.FalsePositives, s.FalseNegatives, null, null)).ToList(),
        !incomplete);
}

/// <summary>One rule kind's counts against the truth; precision and recall are null where undefined (or not scored: model-score).</summary>
public sealed record BacktestKindDocument(
    string Kind, bool Scored, int Planted, int Alerted, int TruePositives, int FalsePositives, int FalseNegatives, double? Precision, double? Recall);
