using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// What the entity-window rules (<c>structuring</c>, <c>velocity</c>) share: identity, window and channels, nothing
/// without state, and the evaluation order — the window the record completes, or for an out-of-order record also the
/// window ending at the entity's latest event (which the late record may have tipped over).
/// </summary>
public abstract class WindowedRule : IWindowedRule
{
    protected WindowedRule(RuleDefinition definition, string jurisdiction, string packCurrency, TimeSpan window, uint channelMask)
    {
        Definition = definition;
        Jurisdiction = jurisdiction;
        PackCurrency = packCurrency;
        Window = window;
        ChannelMask = channelMask;
        Reference = new RuleReference(definition.Id, definition.Kind, definition.LegalSource);
    }

    public RuleDefinition Definition { get; }

    public TimeSpan Window { get; }

    public uint ChannelMask { get; }

    protected string Jurisdiction { get; }

    protected string PackCurrency { get; }

    protected RuleReference Reference { get; }

    /// <summary>Stateless evaluation cannot see a window: it raises nothing.</summary>
    public void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output)
    {
    }

    public void Evaluate(string tenant, MonitoredRecord record, EntityHistory history, List<AlertCandidate> output)
    {
        if (!Check(history, history.Index, out var count, out var total) && !(history.IsOutOfOrder && Check(history, history.Events.Length - 1, out count, out total)))
            return;
        output.Add(Candidate(tenant, record, count, total));
    }

    /// <summary>Whether the window ending at event <paramref name="end"/> violates the rule, with its count and total (cents).</summary>
    protected abstract bool Check(EntityHistory history, int end, out int count, out long total);

    protected abstract AlertCandidate Candidate(string tenant, MonitoredRecord record, int count, long totalCents);
}
