using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// Runs one pack (tenant overrides already applied) over batches of records. Immutable and thread-safe: one engine
/// per (pack, overrides) can serve many activations; the caller owns the output list and, for windowed rules, the
/// <see cref="EntityWindows"/> state.
/// </summary>
/// <remarks>
/// Hot path: a record that raises nothing costs no allocation (the state allocates only to grow an entity's buffer or
/// track a new entity). Records in a currency the rate table lacks are skipped by amount rules and not added to the
/// windows, without an exception; ingest is expected to have dead-lettered them already.
/// Valid but large numbers never throw: cents saturate (<see cref="RuleSupport.ToCents"/>), window totals saturate,
/// and conversion overflow is a miss of the rate (ingest bounds amounts by <see cref="AmountBounds"/> first).
/// </remarks>
public sealed class RuleEngine
{
    private readonly IRule[] _rules;
    private readonly IRule[] _stateless;
    private readonly IWindowedRule[] _windowed;
    private readonly uint _windowedChannels;
    private readonly ICurrencyConverter _rates;

    public RuleEngine(RulePack pack, ICurrencyConverter rates)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(rates);
        Pack = pack;
        _rates = rates;
        _rules = RuleFactory.CreateAll(pack, rates);
        _stateless = [.. _rules.Where(r => r is not IWindowedRule)];
        _windowed = [.. _rules.OfType<IWindowedRule>()];
        foreach (var rule in _windowed)
        {
            _windowedChannels |= rule.ChannelMask;
            if (rule.Window > LongestWindow)
                LongestWindow = rule.Window;
        }
    }

    public RulePack Pack { get; }

    /// <summary>The enabled rules, in pack order (windowed ones included).</summary>
    public IReadOnlyList<IRule> Rules => _rules;

    /// <summary>True when some enabled rule needs an <see cref="EntityWindows"/> to see anything.</summary>
    public bool HasWindowedRules => _windowed.Length > 0;

    /// <summary>The longest window of the enabled windowed rules (zero when there are none).</summary>
    public TimeSpan LongestWindow { get; }

    /// <summary>Stateless evaluation: every enabled rule except the windowed ones (<c>structuring</c>, <c>velocity</c>).</summary>
    /// <param name="scores">Empty when no model ran; otherwise one entry per record (null where that record has no score).</param>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is neither empty nor as long as <paramref name="records"/>.</exception>
    public void Evaluate(string tenant, ReadOnlySpan<MonitoredRecord> records, ReadOnlySpan<ModelScore?> scores, List<AlertCandidate> output) =>
        Evaluate(tenant, records, scores, output, null);

    /// <summary>
    /// Evaluates every enabled rule on every record, in record order, and appends the candidates to <paramref name="output"/>;
    /// windowed rules read and update <paramref name="state"/> (skipped when it is null). Records should come in event-time
    /// order per entity; late ones are handled as <see cref="EntityWindows"/> describes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is neither empty nor as long as <paramref name="records"/>.</exception>
    public void Evaluate(string tenant, ReadOnlySpan<MonitoredRecord> records, ReadOnlySpan<ModelScore?> scores, List<AlertCandidate> output, EntityWindows? state)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(output);
        if (!scores.IsEmpty && scores.Length != records.Length)
            throw new ArgumentException($"{scores.Length} scores for {records.Length} records; pass one per record or none", nameof(scores));

        var windowed = state is null ? [] : _windowed;
        if (windowed.Length > 0)
            state!.EnsureRetention(LongestWindow);
        var rules = _stateless;
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i];
            var score = scores.IsEmpty ? null : scores[i];
            for (var r = 0; r < rules.Length; r++)
                rules[r].Evaluate(tenant, record, score, output);

            if (windowed.Length == 0 || (_windowedChannels & RuleSupport.ChannelBit(record.Channel)) == 0
                || !RuleSupport.TryAmountIn(record, Pack.Currency, _rates, out var amount))
                continue;
            var history = state!.Observe(record.Entity, record.Timestamp, RuleSupport.ToCents(amount), record.Channel, record.Id, record.AcceptedAt);
            for (var w = 0; w < windowed.Length; w++)
                windowed[w].Evaluate(tenant, record, history, output);
        }
    }
}
