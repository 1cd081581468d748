using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Silences;

/// <summary>Alertmanager's matcher semantics: four operators, regexes anchored to the whole value, negation.</summary>
public sealed class SilenceMatcherTests
{
    private static bool Matches(string name, string op, string value, Alert alert)
    {
        var matcher = new SilenceMatcher(name, value, IsRegex: op.EndsWith('~'), IsEqual: op[0] == '=');
        Assert.Equal(op, matcher.Operator);
        return CompiledMatcher.Compile(matcher).Matches(alert);
    }

    public static TheoryData<string, string, string, bool> Cases() => new()
    {
        // name, operator, value, matches an alert with jurisdiction US, ruleId us-cash-ctr, ruleKind threshold, kind rule, severity high, entity ent-1
        { "jurisdiction", "=", "US", true },
        { "jurisdiction", "=", "us", false },
        { "jurisdiction", "!=", "US", false },
        { "jurisdiction", "!=", "EU", true },
        { "ruleId", "=~", "us-.*", true },
        { "ruleId", "=~", "us", false },          // anchored: a prefix is not a match
        { "ruleId", "=~", "cash", false },        // anchored: neither is a substring
        { "ruleId", "=~", ".*cash.*", true },
        { "ruleId", "=~", "eu-.*|us-cash-ctr", true }, // the alternation is grouped before anchoring
        { "ruleId", "=~", "eu-.*|us", false },
        { "ruleId", "!~", "us-.*", false },
        { "ruleId", "!~", "eu-.*", true },
        { "ruleKind", "=", "threshold", true },
        { "kind", "=", "rule", true },
        { "kind", "!=", "model", true },
        { "severity", "=~", "high|critical", true },
        { "severity", "!~", "high|critical", false },
        { "severity", "=", "low", false },
        { "entity", "=", "ent-1", true },
        { "entity", "!=", "ent-1", false },
        { "jurisdiction", "=~", "U.", true },
        { "jurisdiction", "=~", "U", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_matcher_applies_its_operator_to_the_whole_value(string name, string op, string value, bool expected) =>
        Assert.Equal(expected, Matches(name, op, value, TestAlerts.Open()));

    [Fact]
    public void Severity_and_kind_are_matched_in_their_api_spelling()
    {
        var critical = TestAlerts.Open(severity: Severity.Critical) with { Kind = AlertKind.Fairness };
        Assert.True(Matches("severity", "=", "critical", critical));
        Assert.True(Matches("kind", "=", "fairness", critical));
        Assert.False(Matches("kind", "=", "Fairness", critical));
    }

    [Fact]
    public void A_silence_matches_only_when_every_matcher_does_and_only_its_tenant()
    {
        var silence = new CompiledSilence(new Silence("sil-1", "acme",
            [new("jurisdiction", "US", false, true), new("severity", "low|medium", true, false)],
            DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, "ann", "test", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));

        Assert.True(silence.Matches(TestAlerts.Open(severity: Severity.High)));
        Assert.False(silence.Matches(TestAlerts.Open(severity: Severity.Low)));
        Assert.False(silence.Matches(TestAlerts.Open(jurisdiction: "EU")));
        Assert.False(silence.Matches(TestAlerts.Open(tenant: "other")));
    }

    [Fact]
    public void A_pathological_regex_runs_in_linear_time_and_does_not_hang()
    {
        // (a+)+$ backtracks exponentially on "aaaa…!" in a backtracking engine; the non-backtracking one answers at once.
        var matcher = CompiledMatcher.Compile(new SilenceMatcher("entity", "(a+)+", IsRegex: true, IsEqual: true));
        Assert.False(matcher.Matches(new string('a', 50_000) + "!"));
        Assert.True(matcher.Matches(new string('a', 50_000)));
    }
}
