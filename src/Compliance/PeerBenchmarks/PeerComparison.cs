namespace Lepton.Monitor.Compliance.PeerBenchmarks;

/// <summary>
/// What one tenant sees for one rule kind: its own rate (its own data, exact) beside the noised peer release, and where
/// it falls — the share of noised peers in lower buckets plus half of its own bucket (a mid-rank estimate from the
/// release only, so it is post-processing of the noised figures).
/// </summary>
public sealed record PeerComparison(
    string RuleKind,
    long OwnRecords,
    long OwnAlerts,
    decimal OwnRatePerThousand,
    int OwnBucket,
    decimal? EstimatedPercentile,
    PeerBenchmarkRelease Peers)
{
    public static PeerComparison For(TenantRuleActivity own, PeerBenchmarkRelease release, int[] edgesPerThousand, int capPerThousand)
    {
        var rate = own.Records > 0 ? Math.Round(own.Alerts * 1000m / own.Records, 4, MidpointRounding.AwayFromZero) : 0m;
        var bucket = PeerBenchmarkReleaser.BucketOf(own.ClampedRatePer100k(capPerThousand), edgesPerThousand);
        decimal? percentile = null;
        if (release.NoisyTenants > 0)
        {
            var below = release.Buckets.Take(bucket).Sum(b => b.NoisyTenants);
            percentile = Math.Round((below + release.Buckets[bucket].NoisyTenants / 2m) * 100m / release.NoisyTenants, 1, MidpointRounding.AwayFromZero);
        }
        return new PeerComparison(release.RuleKind, own.Records, own.Alerts, rate, bucket, percentile, release);
    }
}
