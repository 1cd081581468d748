using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// What the entity-window rules (<c>structuring</c>, <c>velocity</c>) share: identity, window and channels, nothing
/// without state, and the evaluation order — the window the record completes, or for an out-of-order record also the
/// window ending at the entity's latest event (which the late record may have tipped over) — and the evidence: every
/// counted record of the window that violates the rule goes into the candidate (PRODUCT.md §5 <c>recordIds</c>).
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
        var end = history.Index;
        if (!Check(history, end, out var count, out var total))
        {
            end = history.Events.Length - 1;
            if (!(history.IsOutOfOrder && Check(history, end, out count, out total)))
                return;
        }
        output.Add(Candidate(tenant, record, count, total, Evidence(history, end, count, record.Id)));
    }

    /// <summary>Most record ids one candidate lists as evidence (the newest of the pattern; the alert store keeps as many).</summary>
    public const int MaxEvidence = 1_000;

    /// <summary>
    /// Whether the window ending at event <paramref name="end"/> violates the rule, with its count and total (cents,
    /// saturating). In the sealed rule, so its per-event test inlines: this loop runs over every held event of the window.
    /// </summary>
    protected abstract bool Check(EntityHistory history, int end, out int count, out long total);

    /// <summary>Whether an event counts toward the rule's window, as <see cref="Check"/> counts it (used for the evidence).</summary>
    protected abstract bool Counts(in WindowEvent e);

    protected abstract AlertCandidate Candidate(string tenant, MonitoredRecord record, int count, long totalCents, string[] evidence);

    /// <summary>
    /// The ids of the counted events of the window ending at <paramref name="end"/>, oldest first (at most
    /// <see cref="MaxEvidence"/>, the newest), with the evaluated record's own id always among them. Built only when
    /// the rule fires.
    /// </summary>
    private string[] Evidence(EntityHistory history, int end, int count, string recordId)
    {
        var window = history.WindowEndingAt(end, Window);
        var ids = new string[Math.Min(count, MaxEvidence)];
        var n = 0;
        var hasOwn = false;
        for (var k = window.Length - 1; k >= 0 && n < ids.Length; k--)
        {
            ref readonly var e = ref window[k];
            // Events restored from a version-1 snapshot carry no id: the alert lists the ids that are known.
            if (!Counts(e) || e.RecordId is not { } id)
                continue;
            ids[n++] = id;
            hasOwn |= string.Equals(id, recordId, StringComparison.Ordinal);
        }
        Array.Reverse(ids, 0, n);
        if (!hasOwn)
        {
            // A late record that tipped the entity's newest window, or a window the cap cut short: it still goes in, last.
            if (n == ids.Length)
            {
                Array.Copy(ids, 1, ids, 0, n - 1); // count ≥ 1: the window's last event counts
                n--;
            }
            ids[n++] = recordId;
        }
        return n == ids.Length ? ids : ids[..n];
    }
}
