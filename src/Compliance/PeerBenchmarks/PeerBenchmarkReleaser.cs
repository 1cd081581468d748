namespace Lepton.Monitor.Compliance.PeerBenchmarks;

/// <summary>
/// Builds one release. Neighbouring datasets differ by one tenant (added or removed). Each tenant's rate is clamped to
/// [0, cap], so it changes the histogram by 1 in one bucket (L1 sensitivity 1) and the sum of rates by at most the cap
/// (in units of 1/100,000, sensitivity cap·100). Each gets discrete Laplace noise with half the release's ε (basic
/// composition: the release is ε-DP). Flooring counts at 0 and dividing the noisy sum by the noisy count are
/// post-processing and cost no privacy.
/// </summary>
public static class PeerBenchmarkReleaser
{
    public static PeerBenchmarkRelease Release(
        string ruleKind, string day, DateTimeOffset now, IReadOnlyList<TenantRuleActivity> activity, PeerBenchmarkOptions options, DiscreteLaplaceSampler sampler)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors));
        var halfMicros = PeerBenchmarkOptions.ToMicros(options.EpsilonPerRelease) / 2;
        var cap = options.RateCapPerThousand;
        var edges = options.BucketEdgesPerThousand;
        var counts = new long[edges.Length];
        long sum = 0;
        foreach (var tenant in activity.Where(a => a.Records > 0))
        {
            var rate = tenant.ClampedRatePer100k(cap);
            counts[BucketOf(rate, edges)]++;
            sum += rate;
        }

        var buckets = new PeerBucket[edges.Length];
        long noisyTenants = 0;
        for (var i = 0; i < edges.Length; i++)
        {
            var noisy = Math.Max(0, counts[i] + sampler.Noise(1, halfMicros));
            noisyTenants += noisy;
            buckets[i] = new PeerBucket(edges[i], i + 1 < edges.Length ? edges[i + 1] : cap, noisy);
        }
        var noisySum = Math.Max(0, sum + sampler.Noise(cap * 100L, halfMicros));
        decimal? mean = noisyTenants > 0 ? Math.Round(noisySum / 100m / noisyTenants, 2, MidpointRounding.AwayFromZero) : null;
        return new PeerBenchmarkRelease(ruleKind, day, now, options.EpsilonPerRelease, buckets, noisyTenants, mean,
            $"discrete Laplace (Canonne–Kamath–Steinke 2020, integer sampling), ε/2 on the histogram (sensitivity 1), ε/2 on the sum of rates clamped to {cap} per 1,000 (sensitivity {cap})");
    }

    /// <summary>The bucket of a rate in alerts per 100,000 records (edges are per 1,000).</summary>
    public static int BucketOf(long ratePer100k, int[] edgesPerThousand)
    {
        var bucket = 0;
        for (var i = 1; i < edgesPerThousand.Length; i++)
        {
            if (ratePer100k >= edgesPerThousand[i] * 100L)
                bucket = i;
        }
        return bucket;
    }
}
