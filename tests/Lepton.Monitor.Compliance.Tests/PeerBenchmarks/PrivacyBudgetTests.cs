using Lepton.Monitor.Compliance.PeerBenchmarks;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Lepton.Monitor.Compliance.Tests.Posture;

namespace Lepton.Monitor.Compliance.Tests.PeerBenchmarks;

/// <summary>The day's privacy budget over the real SQLite ledger: spent once per rule kind, reused free, refused when spent.</summary>
public sealed class PrivacyBudgetTests : IDisposable
{
    private readonly PostureTempStore _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Ledger_spends_within_the_day_and_refuses_beyond_it()
    {
        var ledger = new SqlitePeerBenchmarkLedger(_db.Db);
        var at = DateTimeOffset.UnixEpoch;
        var first = await ledger.TryReleaseAsync("2026-12-04", "threshold", 600_000, 1_000_000, "{\"a\":1}", at);
        Assert.True(first.Released);
        Assert.Equal(600_000, first.SpentMicros);

        var again = await ledger.TryReleaseAsync("2026-12-04", "threshold", 600_000, 1_000_000, "{\"a\":2}", at);
        Assert.True(again.Reused);
        Assert.Equal("{\"a\":1}", again.Document); // the first release stands; nothing more spent
        Assert.Equal(600_000, again.SpentMicros);

        var refused = await ledger.TryReleaseAsync("2026-12-04", "structuring", 600_000, 1_000_000, "{}", at);
        Assert.False(refused.Released);
        Assert.Null(refused.Document);
        Assert.Null(await ledger.GetReleaseAsync("2026-12-04", "structuring"));

        var nextDay = await ledger.TryReleaseAsync("2026-12-05", "structuring", 600_000, 1_000_000, "{}", at);
        Assert.True(nextDay.Released);
        Assert.Equal(600_000, await ledger.SpentMicrosAsync("2026-12-04"));
    }

    [Fact]
    public async Task Service_refuses_a_release_once_the_budget_is_spent_and_reuses_what_was_released()
    {
        var time = new PostureTestClock(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
        var options = new PeerBenchmarkOptions { EpsilonPerRelease = 0.8m, DailyEpsilon = 1.0m };
        using var alerts = new SqliteAlertStore(_db.Db, time);
        var service = new PeerBenchmarkService(new SqlitePeerBenchmarkLedger(_db.Db), alerts, options,
            new DiscreteLaplaceSampler(new SeededRandomIntegers(1)), time, NullLogger<PeerBenchmarkService>.Instance);

        var first = await service.GetAsync("acme", ["threshold"]);
        Assert.Single(first.Items);
        Assert.Equal(0.8m, first.SpentEpsilon);

        var second = await service.GetAsync("other", ["threshold", "structuring"]);
        Assert.Equal("threshold", Assert.Single(second.Items).RuleKind);
        Assert.Equal(first.Items[0].Peers, second.Items[0].Peers with { }, new ReleaseComparer());
        var refusal = Assert.Single(second.Refused);
        Assert.Equal("structuring", refusal.RuleKind);
        Assert.Contains("privacy budget of 2026-12-04 is spent", refusal.Reason, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromDays(1));
        var tomorrow = await service.GetAsync("other", ["structuring"]);
        Assert.Single(tomorrow.Items);
        Assert.Equal("2026-12-05", tomorrow.Day);
    }

    private sealed class ReleaseComparer : IEqualityComparer<PeerBenchmarkRelease>
    {
        public bool Equals(PeerBenchmarkRelease? x, PeerBenchmarkRelease? y) =>
            x!.Day == y!.Day && x.ReleasedAt == y.ReleasedAt && x.Buckets.SequenceEqual(y.Buckets) && x.NoisyMeanPerThousand == y.NoisyMeanPerThousand;

        public int GetHashCode(PeerBenchmarkRelease obj) => obj.Day.GetHashCode(StringComparison.Ordinal);
    }
}
