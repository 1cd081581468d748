using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Grains.Evaluation;

/// <summary>The production <see cref="IRuleEvaluatorFactory"/>: a <see cref="RuleEngine"/> per pack, on the silo's rate table.</summary>
public sealed class RuleEngineEvaluators(ICurrencyConverter rates) : IRuleEvaluatorFactory
{
    public IRuleEvaluator Create(RulePack pack) => new Engine(new RuleEngine(pack, rates));

    private sealed class Engine(RuleEngine engine) : IRuleEvaluator
    {
        public RulePack Pack => engine.Pack;

        public void Evaluate(string tenant, ReadOnlySpan<MonitoredRecord> records, ReadOnlySpan<ModelScore?> scores, List<AlertCandidate> output, EntityWindows windows) =>
            engine.Evaluate(tenant, records, scores, output, windows);
    }
}
