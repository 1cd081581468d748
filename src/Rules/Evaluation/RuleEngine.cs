using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// Runs one pack (tenant overrides already applied) over batches of records. Immutable and thread-safe: one engine
/// per (pack, overrides) can serve many activations; the caller owns the output list.
/// </summary>
/// <remarks>
/// Hot path: a record that raises nothing costs no allocation. Records in a currency the rate table lacks are skipped
/// by amount rules without an exception; ingest is expected to have dead-lettered them already.
/// </remarks>
public sealed class RuleEngine
{
    private readonly IRule[] _rules;

    public RuleEngine(RulePack pack, ICurrencyConverter rates)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(rates);
        Pack = pack;
        _rules = RuleFactory.CreateAll(pack, rates);
    }

    public RulePack Pack { get; }

    /// <summary>The enabled rules, in pack order.</summary>
    public IReadOnlyList<IRule> Rules => _rules;

    /// <summary>Evaluates every enabled rule on every record and appends the resulting candidates to <paramref name="output"/>.</summary>
    /// <param name="scores">Empty when no model ran; otherwise one entry per record (null where that record has no score).</param>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is neither empty nor as long as <paramref name="records"/>.</exception>
    public void Evaluate(string tenant, ReadOnlySpan<MonitoredRecord> records, ReadOnlySpan<ModelScore?> scores, List<AlertCandidate> output)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(output);
        if (!scores.IsEmpty && scores.Length != records.Length)
            throw new ArgumentException($"{scores.Length} scores for {records.Length} records; pass one per record or none", nameof(scores));

        var rules = _rules;
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i];
            var score = scores.IsEmpty ? null : scores[i];
            for (var r = 0; r < rules.Length; r++)
                rules[r].Evaluate(tenant, record, score, output);
        }
    }
}
