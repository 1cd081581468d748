using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Grains.Evaluation;

/// <summary>
/// What a monitor needs from its rule pack: evaluate records in order, appending candidates, with the windowed rules
/// reading and updating the monitor's <see cref="EntityWindows"/>. Production uses the <see cref="RuleEngine"/>
/// (<see cref="RuleEngineEvaluators"/>); the seam lets a test make one record's evaluation fail the way a broken rule
/// would and watch the monitor isolate it.
/// </summary>
public interface IRuleEvaluator
{
    /// <summary>The pack evaluated, tenant overrides applied.</summary>
    RulePack Pack { get; }

    /// <param name="scores">Empty when no model score is available (model rules then skip every record), else one per record.</param>
    void Evaluate(string tenant, ReadOnlySpan<MonitoredRecord> records, ReadOnlySpan<ModelScore?> scores, List<AlertCandidate> output, EntityWindows windows);
}

/// <summary>Builds the evaluator of a pack (once per monitor and overrides change, not per batch).</summary>
public interface IRuleEvaluatorFactory
{
    /// <exception cref="Exception">The pack cannot be compiled into rules (e.g. overrides the rules reject).</exception>
    IRuleEvaluator Create(RulePack pack);
}
