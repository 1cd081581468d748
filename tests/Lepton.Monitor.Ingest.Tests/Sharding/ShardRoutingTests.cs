using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest.Tests.Sharding;

/// <summary>Issue 16 item 4: the router spreads a tenant's records over its shards by entity, and follows a change of count.</summary>
public sealed class ShardRoutingTests
{
    private static readonly JurisdictionCatalog Catalog = new(RulePackSet.LoadDefault());

    private static MonitoredRecord Record(string id, string customer) =>
        new PseudonymizerRegistry(_ => new byte[32]).For("acme")
            .ToMonitoredTakingOwnership(SampleRecord.ParseOne(SampleRecord.Json(id: id)), DateTimeOffset.UnixEpoch)
            with { Originator = new Party("A-" + customer, null, "US", customer) };

    private static MonitoredRecord[] Population(int count, string prefix = "tx") =>
        [.. Enumerable.Range(0, count).Select(i => Record($"{prefix}-{i}", "CUST-" + (i % 200)))];

    private static Dictionary<string, string> ShardByEntity(Dictionary<string, MonitoredRecord[]> routes) =>
        routes.SelectMany(r => r.Value.Select(record => (record.Entity, r.Key)))
            .GroupBy(p => p.Entity)
            .ToDictionary(g => g.Key, g => Assert.Single(g.Select(p => p.Key).Distinct()));

    [Fact]
    public async Task One_shard_keeps_the_unsharded_key()
    {
        var store = new MutableTenantStore();
        await store.UpsertAsync(MutableTenantStore.Tenant("acme", 1, "US"));
        var routes = new RecordRouter(new TenantDirectory(store), Catalog).Route(Population(50));
        Assert.Equal(["acme/US"], routes.Keys);
    }

    [Fact]
    public async Task Four_shards_spread_entities_and_keep_each_entity_in_one_grain()
    {
        var store = new MutableTenantStore();
        await store.UpsertAsync(MutableTenantStore.Tenant("acme", 4, "US"));
        var routes = new RecordRouter(new TenantDirectory(store), Catalog).Route(Population(1_000));

        Assert.Equal(["acme/US", "acme/US/1", "acme/US/2", "acme/US/3"], routes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1_000, routes.Values.Sum(r => r.Length)); // no record lost or doubled
        var byEntity = ShardByEntity(routes); // Assert.Single inside: an entity never spans two shards
        Assert.Equal(200, byEntity.Count);
        foreach (var (entity, key) in byEntity)
            Assert.Equal(MonitorKey.For("acme", "US", EntityShard.Of(entity, 4)), key);
    }

    [Fact]
    public async Task Two_routers_as_two_processes_would_be_agree_on_every_entity()
    {
        var store = new MutableTenantStore();
        await store.UpsertAsync(MutableTenantStore.Tenant("acme", 8, "US"));
        var first = ShardByEntity(new RecordRouter(new TenantDirectory(store), Catalog).Route(Population(600, "a")));
        // A second router, other record ids and another batch order: the same entities land on the same grains.
        var second = ShardByEntity(new RecordRouter(new TenantDirectory(store), Catalog).Route([.. Population(600, "b").Reverse()]));
        Assert.Equal(first.OrderBy(p => p.Key), second.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task A_changed_count_applies_from_the_next_batch()
    {
        var store = new MutableTenantStore();
        await store.UpsertAsync(MutableTenantStore.Tenant("acme", 1, "US"));
        var router = new RecordRouter(new TenantDirectory(store), Catalog);
        Assert.Equal(["acme/US"], router.Route(Population(400)).Keys);

        await store.UpsertAsync(MutableTenantStore.Tenant("acme", 4, "US"));
        Assert.Equal(4, router.Route(Population(400)).Count);

        await store.UpsertAsync(MutableTenantStore.Tenant("acme", 1, "US"));
        Assert.Equal(["acme/US"], router.Route(Population(400)).Keys);
    }

    [Fact]
    public async Task Fan_out_to_several_jurisdictions_keeps_the_entitys_shard_in_each()
    {
        var store = new MutableTenantStore();
        await store.UpsertAsync(MutableTenantStore.Tenant("acme", 4, "US", "GB"));
        var records = Enumerable.Range(0, 300).Select(i => Record($"x-{i}", "CUST-" + (i % 50)) with
        {
            Beneficiary = new Party("B-" + i, null, "GB", null),
        }).ToArray();
        var routes = new RecordRouter(new TenantDirectory(store), Catalog).Route(records);
        foreach (var (key, batch) in routes)
        {
            var shard = MonitorKey.ShardOf(key);
            Assert.All(batch, r => Assert.Equal(shard, EntityShard.Of(r.Entity, 4)));
        }
        Assert.Equal(600, routes.Values.Sum(r => r.Length)); // each record in US and in GB
    }
}
