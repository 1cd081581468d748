namespace Lepton.Monitor.Compliance.PeerBenchmarks;

/// <summary>
/// GET /v1/benchmarks/peers: the day, the budget (ε per release, per day, spent so far), a comparison per rule kind that
/// could be released, and the rule kinds refused because the day's budget is spent.
/// </summary>
public sealed record PeerBenchmarkAnswer(
    string Day,
    decimal EpsilonPerRelease,
    decimal DailyEpsilon,
    decimal SpentEpsilon,
    int WindowDays,
    IReadOnlyList<PeerComparison> Items,
    IReadOnlyList<PeerRefusal> Refused);

/// <summary>A rule kind not released today, and why.</summary>
public sealed record PeerRefusal(string RuleKind, string Reason);
