namespace Lepton.Monitor.Compliance.PeerBenchmarks;

/// <summary>One tenant's records in the window and its alerts of one rule kind: the raw input of a release, never shown.</summary>
public sealed record TenantRuleActivity(string Tenant, long Records, long Alerts)
{
    /// <summary>The rate in alerts per 100,000 records (integer, rounded down), clamped to [0, cap]: the bounded contribution.</summary>
    public long ClampedRatePer100k(int capPerThousand) =>
        Records <= 0 ? 0 : Math.Min(Alerts * 100_000 / Records, capPerThousand * 100L);
}
