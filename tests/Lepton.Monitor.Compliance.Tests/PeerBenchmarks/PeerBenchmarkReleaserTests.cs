using System.Text.Json;
using Lepton.Monitor.Compliance.PeerBenchmarks;
using Lepton.Monitor.Compliance.Posture;

namespace Lepton.Monitor.Compliance.Tests.PeerBenchmarks;

public sealed class PeerBenchmarkReleaserTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly TenantRuleActivity[] Activity =
    [
        new("bank-secret-one", 100_000, 50),      // 0.5 per 1,000 → bucket 0
        new("bank-secret-two", 100_000, 300),     // 3 → bucket [2, 5)
        new("bank-secret-three", 10_000, 9_000),  // 900 → clamped to 50 → last bucket
        new("bank-silent", 0, 0),                 // no records: no contribution
    ];

    [Fact]
    public void Contributions_are_clamped_and_bucketed()
    {
        Assert.Equal(50, Activity[0].ClampedRatePer100k(50));
        Assert.Equal(5_000, Activity[2].ClampedRatePer100k(50)); // 900 per 1,000 clamped to 50 per 1,000
        int[] edges = [0, 1, 2, 5, 10, 20];
        Assert.Equal(0, PeerBenchmarkReleaser.BucketOf(50, edges));
        Assert.Equal(2, PeerBenchmarkReleaser.BucketOf(300, edges));
        Assert.Equal(5, PeerBenchmarkReleaser.BucketOf(5_000, edges));
    }

    [Fact]
    public void Release_holds_no_tenant_and_no_raw_figure_and_is_noised()
    {
        var options = new PeerBenchmarkOptions();
        var releases = Enumerable.Range(0, 40)
            .Select(seed => PeerBenchmarkReleaser.Release("structuring", "2026-12-04", Now, Activity, options, new DiscreteLaplaceSampler(new SeededRandomIntegers(seed))))
            .ToList();
        foreach (var release in releases)
        {
            var json = JsonSerializer.Serialize(release, ComplianceJson.Options);
            Assert.DoesNotContain("bank-", json, StringComparison.Ordinal);
            Assert.All(release.Buckets, b => Assert.True(b.NoisyTenants >= 0));
        }
        // At ε = 0.2 the counts vary between releases: they are not the true (1, 0, 1, 0, 0, 1).
        Assert.True(releases.Select(r => string.Join(',', r.Buckets.Select(b => b.NoisyTenants))).Distinct().Count() > 5);
    }

    [Fact]
    public void With_a_large_epsilon_the_release_approaches_the_truth()
    {
        var options = new PeerBenchmarkOptions { EpsilonPerRelease = 10m, DailyEpsilon = 10m };
        var release = PeerBenchmarkReleaser.Release("structuring", "2026-12-04", Now, Activity, options, new DiscreteLaplaceSampler(new SeededRandomIntegers(3)));
        // Scale 0.2 on counts: almost always exact.
        Assert.Equal([1L, 0, 1, 0, 0, 1], release.Buckets.Select(b => b.NoisyTenants));
        Assert.Equal(3, release.NoisyTenants);
        // True mean of clamped rates (0.5 + 3 + 50) / 3 = 17.83; the sum's noise has scale cap/(ε/2) = 10 per 1,000,
        // so the mean's is 3.3: within three of those.
        Assert.InRange(release.NoisyMeanPerThousand!.Value, 7.8m, 27.9m);
    }

    [Fact]
    public void A_tenant_sees_its_own_rate_exactly_and_its_place_among_noised_peers()
    {
        var options = new PeerBenchmarkOptions { EpsilonPerRelease = 10m, DailyEpsilon = 10m };
        var release = PeerBenchmarkReleaser.Release("structuring", "2026-12-04", Now, Activity, options, new DiscreteLaplaceSampler(new SeededRandomIntegers(3)));
        var mine = PeerComparison.For(Activity[1], release, options.BucketEdgesPerThousand, options.RateCapPerThousand);
        Assert.Equal(3m, mine.OwnRatePerThousand);
        Assert.Equal(2, mine.OwnBucket);
        Assert.Equal(50.0m, mine.EstimatedPercentile); // (1 below + 1/2 of its own) / 3
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        var options = new PeerBenchmarkOptions { EpsilonPerRelease = 0m, BucketEdgesPerThousand = [1, 0] };
        var errors = options.Validate();
        Assert.Contains(errors, e => e.Contains("EpsilonPerRelease", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("BucketEdgesPerThousand", StringComparison.Ordinal));
    }
}
