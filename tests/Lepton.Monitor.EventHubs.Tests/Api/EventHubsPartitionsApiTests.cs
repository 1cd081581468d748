using System.Net;
using System.Text.Json.Nodes;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.EventHubs.Tests.Api;

/// <summary>
/// GET /v1/admin/event-hubs/partitions over real HTTP on the real host: what the consumer wrote through
/// <see cref="IEventProcessorStore"/> is what an operator reads, for the configured hub and group only; other keys are
/// refused and a process without Event Hubs says so. The host is configured with Event Hubs but neither consumes nor
/// publishes (no broker needed): the rows are written through the store, as the consumer would.
/// </summary>
public sealed class EventHubsPartitionsApiTests
{
    private const string Path = "/v1/admin/event-hubs/partitions";
    private const string Ns = "lepton-test.servicebus.windows.net";
    private const string Hub = "transactions";
    private const string Group = "lepton-ingest";

    private static readonly string[] ConfiguredArgs =
    [
        "--Lepton:EventHubs:ConnectionString", $"Endpoint=sb://{Ns}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0",
        "--Lepton:EventHubs:EventHub", Hub,
        "--Lepton:EventHubs:ConsumerGroup", Group,
        "--Lepton:EventHubs:ConsumerEnabled", "false",
        "--Lepton:EventHubs:AlertHub", "",
        "--Lepton:EventHubs:OwnershipExpirationSeconds", "30",
    ];

    private sealed class ClockAt(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task An_admin_reads_each_partitions_owner_expiry_and_checkpoint_of_the_configured_hub_and_group()
    {
        using var folder = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(folder.Path, ConfiguredArgs);
        var store = host.App.Services.GetRequiredService<IEventProcessorStore>();
        var db = host.App.Services.GetRequiredService<LeptonDatabase>();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        // Partition 0: held and renewed now, checkpointed. Partition 10: held by a process that stopped renewing 5 minutes
        // ago. Partition 2: checkpointed, never held. Other groups and namespaces are not this consumer's.
        var held = Assert.Single(await store.ClaimOwnershipAsync([new PartitionOwnership(Ns, Hub, Group, "0", "ingest-a", default, null)]));
        // Partition 5: given up at a processor's stop (owner "", as the SDK relinquishes).
        var given = Assert.Single(await store.ClaimOwnershipAsync([new PartitionOwnership(Ns, Hub, Group, "5", "ingest-c", default, null)]));
        Assert.Single(await store.ClaimOwnershipAsync([given with { OwnerId = "" }]));
        var stale = new SqliteEventProcessorStore(db, new ClockAt(DateTimeOffset.UtcNow.AddMinutes(-5)));
        var expired = Assert.Single(await stale.ClaimOwnershipAsync([new PartitionOwnership(Ns, Hub, Group, "10", "ingest-b", default, null)]));
        Assert.True(await store.UpdateCheckpointAsync(new PartitionCheckpoint(Ns, Hub, Group, "0", "4096", 41, default)));
        Assert.True(await store.UpdateCheckpointAsync(new PartitionCheckpoint(Ns, Hub, Group, "2", "128", 7, default)));
        await store.ClaimOwnershipAsync([
            new PartitionOwnership(Ns, Hub, "$Default", "1", "elsewhere", default, null),
            new PartitionOwnership("other.servicebus.windows.net", Hub, Group, "1", "elsewhere", default, null),
        ]);
        await store.UpdateCheckpointAsync(new PartitionCheckpoint(Ns, "alerts", Group, "3", "1", 1, default));

        var response = await host.Admin.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal((Ns, Hub, Group, 30), (Str(body, "namespace"), Str(body, "eventHub"), Str(body, "consumerGroup"), body["ownershipExpirationSeconds"]!.GetValue<int>()));
        var items = body["items"]!.AsArray().Select(n => n!.AsObject()).ToArray();
        Assert.Equal(["0", "2", "5", "10"], items.Select(i => Str(i, "partitionId")));

        var p0 = items[0];
        Assert.Equal("ingest-a", Str(p0, "owner"));
        Assert.Equal(held.LastModified, p0["ownershipLastModified"]!.GetValue<DateTimeOffset>());
        Assert.False(p0["ownershipExpired"]!.GetValue<bool>());
        Assert.Equal(41, p0["sequenceNumber"]!.GetValue<long>());
        Assert.Equal("4096", Str(p0, "offset"));
        Assert.InRange(p0["checkpointUpdatedAt"]!.GetValue<DateTimeOffset>(), before, DateTimeOffset.UtcNow.AddSeconds(5));

        var p2 = items[1];
        Assert.Null(p2["owner"]);
        Assert.Null(p2["ownershipExpired"]);
        Assert.Equal(7, p2["sequenceNumber"]!.GetValue<long>());

        var p5 = items[2];
        Assert.Null(p5["owner"]);
        Assert.NotNull(p5["ownershipLastModified"]);
        Assert.True(p5["ownershipExpired"]!.GetValue<bool>());

        var p10 = items[3];
        Assert.Equal("ingest-b", Str(p10, "owner"));
        Assert.Equal(expired.LastModified, p10["ownershipLastModified"]!.GetValue<DateTimeOffset>());
        Assert.True(p10["ownershipExpired"]!.GetValue<bool>());
        Assert.Null(p10["sequenceNumber"]);
        Assert.Null(p10["offset"]);
    }

    [Fact]
    public async Task Keys_other_than_an_unscoped_admin_are_refused()
    {
        using var folder = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(folder.Path, ConfiguredArgs);
        await host.Admin.CreateTenantAsync("acme", "US");
        using var analyst = host.Client(await host.Admin.CreateKeyAsync("analyst", "acme"));
        using var scopedAdmin = host.Client(await host.Admin.CreateKeyAsync("admin", "acme"));
        using var anonymous = host.Client(null);

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync(Path)).StatusCode);
        // Partitions carry every tenant's records: a tenant's admin does not see them.
        Assert.Equal(HttpStatusCode.Forbidden, (await scopedAdmin.GetAsync(Path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Admin.GetAsync(Path)).StatusCode);
    }

    [Fact]
    public async Task Without_Event_Hubs_configured_the_answer_is_404_saying_so()
    {
        using var folder = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(folder.Path);

        var response = await host.Admin.GetAsync(Path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = Str(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), "error");
        Assert.Contains("Lepton:EventHubs", error);
        Assert.Contains("not configured", error);
    }

    private static string? Str(JsonObject o, string name) => o[name]?.GetValue<string>();
}
