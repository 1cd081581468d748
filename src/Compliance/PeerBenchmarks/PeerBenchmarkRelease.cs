namespace Lepton.Monitor.Compliance.PeerBenchmarks;

/// <summary>
/// A differentially private release of the distribution of tenants' alert rates for one rule kind on one day: a noised
/// histogram of tenants per rate bucket and a noised mean, with the mechanism and the ε it spent. Nothing in it is a
/// tenant's un-noised figure.
/// </summary>
public sealed record PeerBenchmarkRelease(
    string RuleKind,
    string Day,
    DateTimeOffset ReleasedAt,
    decimal Epsilon,
    IReadOnlyList<PeerBucket> Buckets,
    long NoisyTenants,
    decimal? NoisyMeanPerThousand,
    string Mechanism);

/// <summary>Tenants whose rate (alerts per 1,000 records) lies in [From, To), noised and floored at 0.</summary>
public sealed record PeerBucket(decimal FromPerThousand, decimal ToPerThousand, long NoisyTenants);
