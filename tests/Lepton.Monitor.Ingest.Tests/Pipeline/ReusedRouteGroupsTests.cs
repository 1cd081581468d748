using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>
/// Issue 18: the router reuses its grouping lists from round to round on a thread; a round's routes hold exactly
/// its own records, and a monitor an earlier round reached is not called again with nothing.
/// </summary>
public sealed class ReusedRouteGroupsTests
{
    [Fact]
    public void Each_round_routes_only_its_own_records()
    {
        var both = "both-" + Guid.NewGuid().ToString("N")[..8];
        var usOnly = "us-" + Guid.NewGuid().ToString("N")[..8];
        var router = new RecordRouter(new TenantDirectory(new TestTenantStore(TestTenantStore.Tenant(both, "US", "EU"), TestTenantStore.Tenant(usOnly, "US"))),
            new JurisdictionCatalog(RulePackSet.LoadDefault()));

        var first = router.Route(Records(both, "a-", 5));
        var second = router.Route(Records(usOnly, "b-", 3));
        var third = router.Route(Records(both, "c-", 2));

        Assert.Equal([MonitorKey.For(both, "EU"), MonitorKey.For(both, "US")], first.Keys.Order());
        Assert.All(first.Values, batch => Assert.Equal(5, batch.Length));
        Assert.Equal([MonitorKey.For(usOnly, "US")], second.Keys);
        Assert.Equal(["b-0", "b-1", "b-2"], second[MonitorKey.For(usOnly, "US")].Select(r => r.Id));
        Assert.Equal([MonitorKey.For(both, "EU"), MonitorKey.For(both, "US")], third.Keys.Order());
        Assert.All(third.Values, batch => Assert.Equal(["c-0", "c-1"], batch.Select(r => r.Id)));
    }

    private static MonitoredRecord[] Records(string tenant, string prefix, int count)
    {
        var pseudonymizer = new PseudonymizerRegistry(_ => new byte[32]).For("acme");
        return [.. Enumerable.Range(0, count).Select(i =>
            pseudonymizer.ToMonitoredTakingOwnership(SampleRecord.ParseOne(SampleRecord.Json(id: $"{prefix}{i}")), DateTimeOffset.UnixEpoch) with { Tenant = tenant })];
    }
}
