using System.Net;
using System.Net.Sockets;
using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Lepton.Monitor.Storage.Tests.Postgres;

/// <summary>
/// Orleans 10.4.2 really runs on a database `lepton migrate` prepared: two silos on loopback with ADO.NET clustering,
/// grain storage and reminders (Invariant "Npgsql" on every provider), state written through one silo read back
/// through the other after the first has stopped, and a reminder row registered.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansOnPostgresTests(PostgresServer server)
{
    private const string Invariant = "Npgsql";

    [Fact]
    public async Task Two_silos_share_membership_state_and_reminders_in_the_migrated_database()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var ct = timeout.Token;
        var admin = await PostgresCollection.FreshDatabaseAsync(server, "orleans_cluster");
        await PostgresMigrator.MigrateAsync(admin, ct);
        // Clustering, storage and reminders share one pool per silo: bounded, so silos × pool stays under max_connections.
        var silos = new NpgsqlConnectionStringBuilder(admin) { MaxPoolSize = 8 }.ConnectionString;
        var clusterId = "pg-" + Guid.NewGuid().ToString("N")[..8];

        using var first = BuildSilo(silos, clusterId);
        using var second = BuildSilo(silos, clusterId);
        await first.StartAsync(ct);
        await second.StartAsync(ct);
        try
        {
            Assert.Equal(2L, await ScalarAsync<long>(admin,
                $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{clusterId}' AND status = 3", ct));

            var viaFirst = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IPostgresProbeGrain>("probe-1");
            var firstSilo = await viaFirst.SiloAsync();
            await viaFirst.WriteAsync("written through the first silo");
            await viaFirst.RegisterReminderAsync();
            Assert.Equal(1L, await ScalarAsync<long>(admin,
                $"SELECT count(*) FROM orleansreminderstable WHERE remindername = '{PostgresProbeGrain.ReminderName}' AND grainid LIKE '%probe-1%'", ct));
            Assert.Equal(1L, await ScalarAsync<long>(admin, "SELECT count(*) FROM orleansstorage WHERE payloadbinary IS NOT NULL", ct));

            await first.StopAsync(ct);

            // The grain activates anew on the remaining silo and its state comes from PostgreSQL, not from memory.
            var viaSecond = second.Services.GetRequiredService<IGrainFactory>().GetGrain<IPostgresProbeGrain>("probe-1");
            Assert.NotEqual(firstSilo, await viaSecond.SiloAsync());
            Assert.Equal("written through the first silo", await viaSecond.ReadAsync());
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }

    private static IHost BuildSilo(string connectionString, string clusterId) => new HostBuilder()
        .UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = "lepton-test";
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort());
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(PostgresProbeGrain.StorageName, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
        })
        .Build();

    private static async Task<T> ScalarAsync<T>(string db, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
