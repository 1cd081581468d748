using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Silences;

/// <summary>What a silence must be to be saved, and the refusal of silences that would mute a whole tenant.</summary>
public sealed class SilenceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static SilenceDraft Draft(params SilenceMatcherDraft?[] matchers) =>
        new("acme", matchers, null, Now.AddHours(2), "ann", "maintenance window");

    private static SilenceMatcherDraft M(string name, string op, string value) =>
        new(name, value, IsRegex: op.EndsWith('~'), IsEqual: op[0] == '=');

    private static string Refusal(SilenceDraft draft) =>
        Assert.Throws<SilenceValidationException>(() => SilenceRules.Build(draft, "sil-x", Now)).Message;

    public static TheoryData<string, string, string> OverBroad() => new()
    {
        { "jurisdiction", "=~", ".*" },
        { "ruleId", "=~", ".+" },          // every alert has a ruleId, so "one or more" is everything
        { "entity", "=~", "(?s).*" },
        { "entity", "=~", "[^\\n]*" },
        { "ruleKind", "=~", "\\S+" },
        { "ruleId", "!~", "" },            // nothing is empty, so "not empty" is everything
        { "jurisdiction", "!~", "zz-nothing-has-this" },
        { "severity", "=~", "low|medium|high|critical" },
        { "severity", "!~", "urgent" },
        { "kind", "=~", "rule|model|drift|fairness" },
        { "kind", "!~", "" },
    };

    [Theory]
    [MemberData(nameof(OverBroad))]
    public void A_silence_whose_only_matcher_matches_everything_is_refused(string name, string op, string value)
    {
        var reason = Refusal(Draft(M(name, op, value)));
        Assert.Contains("too broad", reason);
        Assert.Contains("tenant 'acme'", reason);
    }

    [Fact]
    public void A_silence_without_matchers_is_refused()
    {
        Assert.Contains("without matchers would mute every alert of tenant 'acme'", Refusal(Draft()));
        Assert.Contains("without matchers", Refusal(new SilenceDraft("acme", null, null, Now.AddHours(1), "ann", "c")));
    }

    [Fact]
    public void Several_match_all_matchers_together_are_still_too_broad()
    {
        Assert.Contains("too broad", Refusal(Draft(M("ruleId", "=~", ".*"), M("severity", "!~", "urgent"), M("entity", "!~", ""))));
    }

    public static TheoryData<string, string, string> Narrowing() => new()
    {
        { "jurisdiction", "=", "US" },
        { "jurisdiction", "!=", "US" },    // leaves US alerts out
        { "severity", "!=", "low" },
        { "severity", "=~", "high|critical" },
        { "ruleId", "=~", "us-.*" },
        { "ruleId", "!~", "us-.*" },
        { "entity", "=~", "ent_.*" },
        { "kind", "!~", "drift|fairness" },
    };

    [Theory]
    [MemberData(nameof(Narrowing))]
    public void A_matcher_that_leaves_some_plausible_value_out_narrows(string name, string op, string value)
    {
        var silence = SilenceRules.Build(Draft(M(name, op, value)), "sil-x", Now);
        Assert.Equal(op, Assert.Single(silence.Silence.Matchers).Operator);
    }

    [Fact]
    public void A_jurisdiction_matcher_covering_every_jurisdiction_of_the_tenant_does_not_narrow()
    {
        string[] usOnly = ["US"];
        Assert.Contains("too broad", Assert.Throws<SilenceValidationException>(() =>
            SilenceRules.Build(Draft(M("jurisdiction", "=", "US")), "sil-x", Now, usOnly)).Message);
        Assert.Contains("too broad", Assert.Throws<SilenceValidationException>(() =>
            SilenceRules.Build(Draft(M("jurisdiction", "!=", "EU")), "sil-x", Now, usOnly)).Message);
        Assert.Contains("too broad", Assert.Throws<SilenceValidationException>(() =>
            SilenceRules.Build(Draft(M("jurisdiction", "=~", "US|EU")), "sil-x", Now, ["US", "EU"])).Message);

        Assert.NotNull(SilenceRules.Build(Draft(M("jurisdiction", "=", "US")), "sil-x", Now, ["US", "EU"]));
        Assert.NotNull(SilenceRules.Build(Draft(M("jurisdiction", "=", "US")), "sil-x", Now));
    }

    [Fact]
    public void One_narrowing_matcher_is_enough_beside_match_all_ones() =>
        Assert.Equal(2, SilenceRules.Build(Draft(M("ruleId", "=~", ".*"), M("entity", "=", "ent-1")), "sil-x", Now).Matchers.Count);

    [Theory]
    [InlineData("(unclosed", "invalid regex")]
    [InlineData("a{2,1}", "invalid regex")]
    [InlineData("[z-a]", "invalid regex")]
    [InlineData("(a)\\1", "not supported")]   // backreferences need backtracking
    [InlineData("(?=a)a", "not supported")]   // so do lookarounds
    public void An_invalid_or_backtracking_only_regex_is_refused_with_the_reason(string pattern, string reason)
    {
        var message = Refusal(Draft(M("ruleId", "=~", pattern)));
        Assert.StartsWith($"matchers[0]: ruleId=~\"{pattern}\"", message);
        Assert.Contains(reason, message);
    }

    [Theory]
    [InlineData("tenant", "is not a silence field")]
    [InlineData("status", "is not a silence field")]
    [InlineData("", "required")]
    public void A_matcher_on_an_unknown_field_is_refused_naming_it(string name, string reason)
    {
        var message = Refusal(Draft(M("ruleId", "=", "us-cash-ctr"), new SilenceMatcherDraft(name, "x")));
        Assert.StartsWith("matchers[1].name", message);
        Assert.Contains(reason, message);
        if (name.Length > 0)
            Assert.Contains($"'{name}'", message);
    }

    [Theory]
    [InlineData("severity", "urgent", "is not a severity")]
    [InlineData("kind", "Rule", "is not a kind")]
    [InlineData("ruleId", "", "required")]
    public void A_literal_value_that_no_alert_can_have_is_refused(string name, string value, string reason) =>
        Assert.Contains(reason, Refusal(Draft(M(name, "=", value))));

    [Fact]
    public void Is_equal_defaults_to_true_and_is_regex_to_false()
    {
        var matcher = Assert.Single(SilenceRules.Build(Draft(new SilenceMatcherDraft("ruleId", "us-cash-ctr")), "sil-x", Now).Silence.Matchers);
        Assert.Equal("=", matcher.Operator);
    }

    [Fact]
    public void Times_comment_author_and_limits_are_checked()
    {
        var ok = Draft(M("ruleId", "=", "us-cash-ctr"));
        Assert.Equal("endsAt: required", Refusal(ok with { EndsAt = null }));
        Assert.Equal("endsAt: must be in the future", Refusal(ok with { StartsAt = Now.AddHours(-3), EndsAt = Now.AddHours(-1) }));
        Assert.Equal("endsAt: must be after startsAt", Refusal(ok with { StartsAt = Now.AddHours(3), EndsAt = Now.AddHours(2) }));
        Assert.Contains("at most 365 days", Refusal(ok with { EndsAt = Now.AddDays(366) }));
        Assert.Equal("comment: required", Refusal(ok with { Comment = " " }));
        Assert.Equal("createdBy: required", Refusal(ok with { CreatedBy = null }));
        Assert.Equal("tenant: required", Refusal(ok with { Tenant = null }));
        var seventeen = Enumerable.Range(0, 17).Select(i => (SilenceMatcherDraft?)M("entity", "=", $"e{i}")).ToArray();
        Assert.Equal("matchers: at most 16", Refusal(Draft(seventeen)));
        Assert.Equal("matchers[0]: required", Refusal(Draft([null])));
    }

    [Fact]
    public void A_start_in_the_past_is_now_and_a_future_start_is_pending()
    {
        var past = SilenceRules.Build(Draft(M("ruleId", "=", "x")) with { StartsAt = Now.AddDays(-1) }, "sil-x", Now).Silence;
        Assert.Equal(Now, past.StartsAt);
        Assert.Equal(SilenceState.Active, past.State);
        var future = SilenceRules.Build(Draft(M("ruleId", "=", "x")) with { StartsAt = Now.AddHours(1) }, "sil-x", Now).Silence;
        Assert.Equal(SilenceState.Pending, future.State);
    }
}
