using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains;
using Lepton.Monitor.Silo.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

namespace Lepton.Monitor.Integration.Tests.Residency;

/// <summary>
/// An in-process cluster whose silos carry regions (Silo_0 first; null = no region), each with its own embedded store
/// under one temp folder and the same residency rules: EU only in eu, US in us or eu (state in us). Silo_0 is the
/// client's gateway. Shared by the tests of a class: starting silos is the slow part.
/// </summary>
public sealed class ResidencyCluster : IAsyncDisposable
{
    public const string EuStore = "region-eu";
    public const string UsStore = "region-us";

    private readonly TempFolder _data = new();
    private readonly string?[] _regions;

    private ResidencyCluster(string?[] regions, bool withRules)
    {
        _regions = regions;
        var builder = new InProcessTestClusterBuilder((short)regions.Length);
        builder.ConfigureSiloHost((options, host) =>
        {
            var settings = new Dictionary<string, string?> { ["Lepton:DataPath"] = DataPathOf(options.SiloName) };
            if (RegionOf(options.SiloName) is { } region)
                settings["Lepton:Cluster:Region"] = region;
            if (withRules)
            {
                settings["Lepton:Residency:Rules:EU"] = "eu";
                settings["Lepton:Residency:Rules:US"] = "us, eu";
                settings["Lepton:Residency:Storage:eu"] = EuStore;
                settings["Lepton:Residency:Storage:us"] = UsStore;
            }
            host.Configuration.AddInMemoryCollection(settings);
            host.Services.AddLeptonStorage(host.Configuration);
            host.Services.AddLeptonMonitoring(host.Configuration);
            host.AddLeptonResidency();
        });
        Cluster = builder.Build();
    }

    public InProcessTestCluster Cluster { get; }

    public static async Task<ResidencyCluster> StartAsync(string?[] regions, bool withRules = true)
    {
        var cluster = new ResidencyCluster(regions, withRules);
        await cluster.Cluster.DeployAsync();
        if (withRules)
            await cluster.WaitUntilRegionsAreKnownAsync();
        return cluster;
    }

    public string? RegionOf(string siloName) => _regions[int.Parse(siloName["Silo_".Length..])];

    public string DataPathOf(string siloName) => Path.Combine(_data.Path, siloName);

    public IJurisdictionMonitorGrain Monitor(string tenant, string jurisdiction) =>
        Cluster.Client.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For(tenant, jurisdiction));

    /// <summary>The region of the silo the grain's activation lives on, from the cluster's directory.</summary>
    public async Task<string?> ActivationRegionAsync(IJurisdictionMonitorGrain grain)
    {
        var address = await Cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        Assert.NotNull(address);
        var silo = Assert.Single(Cluster.Silos, s => s.SiloAddress.Equals(address));
        return RegionOf(silo.Name);
    }

    /// <summary>Grain ids with state rows in the database under <paramref name="folder"/> (none when it was never created).</summary>
    public static List<string> StoredGrainIds(string folder)
    {
        var file = Path.Combine(folder, "lepton.db");
        if (!File.Exists(file))
            return [];
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_id FROM grain_state;";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
            ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>Each silo learns the others' metadata asynchronously after they join: wait (bounded) until every region is known.</summary>
    private async Task WaitUntilRegionsAreKnownAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var known = Cluster.Silos.All(viewer =>
            {
                var cache = viewer.ServiceProvider.GetRequiredService<ISiloMetadataCache>();
                return Cluster.Silos.Where(s => s != viewer && RegionOf(s.Name) is not null)
                    .All(s => cache.GetSiloMetadata(s.SiloAddress).Metadata.ContainsKey("lepton.region"));
            });
            if (known)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("silo regions did not propagate within 30 s");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}
