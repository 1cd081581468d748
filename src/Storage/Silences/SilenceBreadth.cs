namespace Lepton.Monitor.Storage;

/// <summary>
/// Whether a silence is narrower than its tenant. A silence whose every matcher matches everything would mute the
/// whole tenant — an outage of the alerting itself — so it is refused.
/// <para>
/// The rule: a matcher <em>narrows</em> when some plausible value of its field does not match it; a silence
/// narrows when at least one of its matchers does. Plausible values:
/// <list type="bullet">
/// <item>kind and severity are closed sets: their plausible values are exactly their members (so
/// <c>severity=~"low|medium|high|critical"</c> and <c>severity!~"urgent"</c> do not narrow).</item>
/// <item>jurisdiction, when the tenant's enabled jurisdictions are known, is closed too: its plausible values are those
/// (so for a tenant enabled only in US, <c>jurisdiction="US"</c> mutes everything and does not narrow).</item>
/// <item>The open fields (jurisdiction otherwise, ruleId, ruleKind, entity) are never empty (every alert has them), so the empty
/// string is NOT plausible (<c>=~".+"</c> and <c>!~""</c> match every alert and do not narrow). Their plausible values
/// are a fixed set of probes of the shapes real values take (<see cref="Probes"/>) plus the matcher's own value when it
/// is a literal (so <c>jurisdiction!="US"</c> narrows: it leaves out US alerts).</item>
/// </list>
/// So <c>=</c> with a value always narrows, <c>!=</c> narrows by the value it excludes, <c>=~</c> narrows unless it
/// matches every probe, and <c>!~</c> narrows only when it excludes some probe (<c>!~"zz-nothing"</c> does not).
/// The probes are a heuristic for the regex cases: a pattern built to match exactly the probe set and nothing else
/// would pass, but every everyday match-all (<c>.*</c>, <c>.+</c>, <c>(?s).*</c>, <c>[^\n]*</c>, <c>\S+</c>, <c>.{1,}|x</c>) is caught.
/// </para>
/// </summary>
public static class SilenceBreadth
{
    /// <summary>
    /// Non-empty values of the shapes jurisdictions, rule ids and kinds, and pseudonymized entities take, plus odd ones.
    /// None has whitespace: no real value does, so a pattern that only leaves out whitespace (<c>\S+</c>) still matches everything.
    /// </summary>
    public static readonly IReadOnlyList<string> Probes =
    [
        "US", "EU", "GLOBAL", "UK", "x", "0", "Z9", "us-cash-ctr", "eu-amld-structuring", "threshold", "structuring",
        "velocity", "model-unavailable", "ent_7f3a9c0d", "-", "_", ".", "é", "lepton-probe-0123456789abcdef",
    ];

    /// <param name="jurisdictions">The tenant's enabled jurisdictions, when known (null or empty: jurisdiction is open text).</param>
    public static bool Narrows(CompiledMatcher matcher, IReadOnlyList<string>? jurisdictions = null) =>
        PlausibleValues(matcher.Matcher, jurisdictions).Any(value => !matcher.Matches(value));

    public static bool Narrows(IReadOnlyList<CompiledMatcher> matchers, IReadOnlyList<string>? jurisdictions = null) =>
        matchers.Any(m => Narrows(m, jurisdictions));

    private static IEnumerable<string> PlausibleValues(SilenceMatcher matcher, IReadOnlyList<string>? jurisdictions)
    {
        if (SilenceFields.Domain(matcher.Name) is { } domain)
            return domain;
        if (matcher.Name == SilenceFields.Jurisdiction && jurisdictions is { Count: > 0 })
            return jurisdictions;
        return matcher.IsRegex || matcher.Value.Length == 0 ? Probes : Probes.Append(matcher.Value);
    }
}
