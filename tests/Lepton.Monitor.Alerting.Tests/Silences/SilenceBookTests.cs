using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Silences;

/// <summary>The in-memory matcher the alert store asks: active exactly in [startsAt, endsAt), per tenant.</summary>
public sealed class SilenceBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static Silence Silence(string id, DateTimeOffset startsAt, DateTimeOffset endsAt, string tenant = "acme", string ruleId = "us-cash-ctr") =>
        new(id, tenant, [new SilenceMatcher("ruleId", ruleId, false, true)], startsAt, endsAt, "ann", "test", T0, T0);

    [Fact]
    public void A_silence_matches_from_its_start_until_just_before_its_end()
    {
        var book = new SilenceBook();
        book.Replace([Silence("sil-1", T0.AddMinutes(10), T0.AddMinutes(70))]);
        var alert = TestAlerts.Open();

        Assert.Null(book.Match(alert, T0.AddMinutes(10).AddTicks(-1)));
        Assert.Equal("sil-1", book.Match(alert, T0.AddMinutes(10)));
        Assert.Equal("sil-1", book.Match(alert, T0.AddMinutes(70).AddTicks(-1)));
        Assert.Null(book.Match(alert, T0.AddMinutes(70)));
        Assert.Null(book.Match(alert, T0.AddMinutes(71)));
    }

    [Fact]
    public void Only_the_alerts_own_tenant_and_matching_silences_count_and_the_oldest_wins()
    {
        var book = new SilenceBook();
        book.Replace([
            Silence("sil-3", T0, T0.AddHours(1)),
            Silence("sil-2", T0, T0.AddHours(1), tenant: "other"),
            Silence("sil-1", T0, T0.AddHours(1), ruleId: "eu-structuring"),
            Silence("sil-4", T0, T0.AddHours(1)),
        ]);

        Assert.Equal("sil-3", book.Match(TestAlerts.Open(), T0));
        Assert.Null(book.Match(TestAlerts.Open(tenant: "third"), T0));
        Assert.Null(book.Match(TestAlerts.Open(tenant: "acme") with { RuleId = "eu-velocity" }, T0));
        Assert.Equal("sil-2", book.Match(TestAlerts.Open(tenant: "other"), T0));
    }

    [Fact]
    public void Replacing_the_snapshot_drops_silences_no_longer_given_and_sees_a_changed_end()
    {
        var book = new SilenceBook();
        book.Replace([Silence("sil-1", T0, T0.AddHours(1))]);
        Assert.Equal(1, book.CountActive(T0));

        book.Replace([Silence("sil-1", T0, T0.AddMinutes(5))]);
        Assert.Null(book.Match(TestAlerts.Open(), T0.AddMinutes(6)));

        book.Replace([]);
        Assert.Null(book.Match(TestAlerts.Open(), T0));
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void Severity_regexes_match_the_alert_as_raised()
    {
        var book = new SilenceBook();
        book.Replace([new Silence("sil-1", "acme", [new SilenceMatcher("severity", "low|medium", true, true)], T0, T0.AddHours(1), "ann", "c", T0, T0)]);
        Assert.Equal("sil-1", book.Match(TestAlerts.Open(severity: Severity.Medium), T0));
        Assert.Null(book.Match(TestAlerts.Open(severity: Severity.High), T0));
    }
}
