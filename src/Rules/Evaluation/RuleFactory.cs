using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>Compiles a pack's rule definitions into <see cref="IRule"/>s; the one place that maps a kind to its class.</summary>
public static class RuleFactory
{
    public static IRule Create(RuleDefinition definition, RulePack pack, ICurrencyConverter rates)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(rates);
        return definition.Parameters switch
        {
            ThresholdParameters => new ThresholdRule(definition, pack.Jurisdiction, pack.Currency, rates),
            SanctionedCountryParameters p => new SanctionedCountryRule(definition, pack.Jurisdiction,
                pack.Lists.TryGetValue(p.List, out var list)
                    ? list
                    : throw new ArgumentException($"rule '{definition.Id}' refers to list '{p.List}', which pack {pack.Jurisdiction} lacks", nameof(definition))),
            ModelScoreParameters => new ModelScoreRule(definition, pack.Jurisdiction),
            StructuringParameters => new StructuringRule(definition, pack.Jurisdiction, pack.Currency, rates),
            VelocityParameters => new VelocityRule(definition, pack.Jurisdiction, pack.Currency, rates),
            HighRiskCountryParameters => new HighRiskCountryRule(definition, pack.Jurisdiction, pack.Lists),
            TravelRuleParameters => new TravelRule(definition, pack.Jurisdiction, pack.Currency, rates),
            CrossBorderDataTransferParameters => new CrossBorderDataTransferRule(definition, pack.Jurisdiction, pack.Lists),
            PiiInTextParameters => new PiiInTextRule(definition, pack.Jurisdiction),
            _ => throw new NotSupportedException($"rule '{definition.Id}': no implementation for kind '{definition.Kind}'"),
        };
    }

    /// <summary>The enabled rules of <paramref name="pack"/>, in pack order.</summary>
    public static IRule[] CreateAll(RulePack pack, ICurrencyConverter rates)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var rules = new List<IRule>(pack.Rules.Count);
        foreach (var definition in pack.Rules)
        {
            if (definition.Enabled)
                rules.Add(Create(definition, pack, rates));
        }
        return [.. rules];
    }
}
