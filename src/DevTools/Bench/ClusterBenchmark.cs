using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Npgsql;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// `lepton bench --cluster`: throughput of the HTTP path on local clusters of 1, 2 and 3 silos (one api process, all
/// on one PostgreSQL), one tenant with 1 vs N shards on the largest cluster, and the all-in-one on the embedded store
/// vs on PostgreSQL. Every configuration gets the same generated records, posted the same way (ClusterHttpLoad).
/// Every process it starts is stopped at the end, also on failure, Ctrl+C or SIGTERM.
/// </summary>
public sealed class ClusterBenchmark(ClusterBenchOptions options, TextWriter log)
{
    private const string WarmTenant = "bench-warm";
    private const string Tenant = "bench";
    private const string ShardedTenant = "bench-shards";
    private const string AllInOneDatabase = "lepton_bench_allinone";
    private const int Seed = 7;
    private static readonly TimeSpan ReadyPatience = TimeSpan.FromMinutes(3);

    // Warning-level logs for every process: the bench measures the pipeline, not the console.
    private const string ProductArgs = "--Logging:LogLevel:Default Warning";

    private readonly string _adminKey = "lk_admin_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private readonly List<string> _clustersUp = [];
    private readonly List<ClusterProductProcess> _children = [];
    private readonly List<string> _failures = [];

    public async Task<int> RunAsync()
    {
        var script = ClusterScriptLocator.Find(options.ScriptPath);
        if (script is null)
        {
            log.WriteLine(options.ScriptPath is null
                ? $"bench --cluster: {ClusterScriptLocator.RelativePath} not found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; give it with --cluster-script PATH"
                : $"bench --cluster: {options.ScriptPath} does not exist");
            return 1;
        }
        if (!File.Exists(options.ProductDll))
        {
            log.WriteLine($"bench --cluster: the product {options.ProductDll} does not exist");
            return 1;
        }

        using var stop = new CancellationTokenSource();
        // Ctrl+C and SIGTERM cancel the run instead of ending the process, so the clean-up below stops what was started.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });

        var root = Path.Combine(Path.GetTempPath(), "lepton-bench-cluster-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var cluster = new ClusterScript(script, options.ProductDll, _adminKey, ProductArgs);
        var results = new ClusterBenchResults();
        var succeeded = false;
        var cancelled = false;
        log.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average at start {LoadAverage()}");
        log.WriteLine($"script: {script}; product: {options.ProductDll}; work folder: {root}");
        log.WriteLine($"each configuration: {options.Records:N0} records over HTTP (NDJSON chunks of {options.ChunkRecords:N0}, {options.Concurrency} concurrent posters, " +
                      "a chunk re-sent with the same ids until 202), timed from the first POST until the api's lepton_ingest_dispatched_total grew by all of them; " +
                      $"a warm-up of {WarmUpRecords:N0} records on another tenant first");
        try
        {
            await RunConfigurationsAsync(cluster, root, results, stop.Token);
            succeeded = true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            log.WriteLine("cancelled: stopping every process the bench started …");
            cancelled = true;
        }
        catch (Exception e)
        {
            log.WriteLine($"bench --cluster failed: {e.Message}");
            log.WriteLine($"(logs kept under {root})");
        }
        finally
        {
            await CleanUpAsync(cluster);
        }
        succeeded &= _failures.Count == 0;
        // Kept only after a failure, for its logs.
        if (succeeded || cancelled)
            PipelineBenchmark.TryDelete(root);

        log.WriteLine();
        log.WriteLine($"load average at end {LoadAverage()}");
        log.Write(results.Format());
        foreach (var failure in _failures)
            log.WriteLine($"missing: {failure}");
        return succeeded ? 0 : 1;
    }

    private int WarmUpRecords => Math.Min(options.Records, 10_000);

    private async Task RunConfigurationsAsync(ClusterScript cluster, string root, ClusterBenchResults results, CancellationToken cancellation)
    {
        var silos = options.Silos.Distinct().ToList();
        var largest = silos.Max();
        foreach (var count in silos)
        {
            var dir = Path.Combine(root, $"cluster-{count}");
            _clustersUp.Add(dir);
            log.WriteLine($"cluster of {count} silo(s) and 1 api process: starting …");
            var api = await cluster.UpAsync(dir, count, cancellation);
            using (var load = new ClusterHttpLoad(api, _adminKey, options))
            {
                await WarmUpAsync(load, cancellation);
                await load.CreateTenantAsync(Tenant, 1, cancellation);
                results.AddCluster(count, Report(await load.MeasureAsync($"cluster, {count} silo(s), 1 shard", Tenant, options.Records, Seed, cancellation)));
                if (count == largest)
                {
                    await load.CreateTenantAsync(ShardedTenant, options.Shards, cancellation);
                    results.AddSharded(count, Report(await load.MeasureAsync($"cluster, {count} silo(s), {options.Shards} shards", ShardedTenant, options.Records, Seed, cancellation)));
                }
            }
            if (count == largest)
            {
                try
                {
                    await MeasurePostgresAllInOneAsync(cluster, dir, count, root, results, cancellation);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The other figures stand on their own: say why this one is missing and go on.
                    _failures.Add($"all-in-one on PostgreSQL: {e.Message}");
                    log.WriteLine($"  all-in-one on PostgreSQL failed (logs under {root}): {e.Message}");
                }
            }
            await cluster.DownAsync(dir);
            _clustersUp.Remove(dir);
        }
        results.AddEmbedded(Report(await MeasureAllInOneAsync("all-in-one, embedded store", [], root, cancellation)));
    }

    /// <summary>
    /// The all-in-one on a fresh database of the cluster's PostgreSQL. The cluster's own processes are stopped first
    /// (SIGKILL is fine: their database is thrown away) so only PostgreSQL shares the machine with it.
    /// </summary>
    private async Task MeasurePostgresAllInOneAsync(ClusterScript cluster, string dir, int silos, string root, ClusterBenchResults results, CancellationToken cancellation)
    {
        await cluster.KillAsync(dir, "api", 1);
        for (var i = 1; i <= silos; i++)
            await cluster.KillAsync(dir, "silo", i);
        var server = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = int.Parse(File.ReadAllText(Path.Combine(dir, "pg.port")).Trim(), CultureInfo.InvariantCulture),
            Username = "postgres",
            Password = File.ReadAllText(Path.Combine(dir, "pg.password")).Trim(),
            Database = "postgres",
        };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(cancellation);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {AllInOneDatabase}", connection);
            await create.ExecuteNonQueryAsync(cancellation);
        }
        // The same pool settings as the cluster's processes (cluster.sh).
        var target = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = AllInOneDatabase, MaxPoolSize = 30, Timeout = 15 }.ConnectionString;
        string[] store = ["--Lepton:Store", "postgres", "--Lepton:Postgres:ConnectionString", target];
        log.WriteLine("all-in-one on PostgreSQL: lepton migrate …");
        await ClusterProductProcess.RunToEndAsync(options.ProductDll, ["migrate", .. store], Path.Combine(root, "migrate-allinone.log"), _adminKey, TimeSpan.FromMinutes(2), cancellation);
        results.AddPostgres(Report(await MeasureAllInOneAsync("all-in-one, PostgreSQL", store, root, cancellation)));
    }

    private async Task<ClusterLoadResult> MeasureAllInOneAsync(string configuration, string[] storeArgs, string root, CancellationToken cancellation)
    {
        var name = storeArgs.Length == 0 ? "allinone-embedded" : "allinone-postgres";
        var port = PipelineBenchmark.FreePort();
        string[] args =
        [
            "run",
            "--urls", $"http://127.0.0.1:{port}",
            "--Lepton:DataPath", Path.Combine(root, name),
            "--Lepton:Demo:Enabled", "false",
            "--Lepton:Orleans:SiloPort", PipelineBenchmark.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Lepton:Orleans:GatewayPort", PipelineBenchmark.FreePort().ToString(CultureInfo.InvariantCulture),
            .. ProductArgs.Split(' '),
            .. storeArgs,
        ];
        log.WriteLine($"{configuration}: starting …");
        var child = ClusterProductProcess.Start(options.ProductDll, args, Path.Combine(root, name + ".log"), _adminKey);
        _children.Add(child);
        var api = new Uri($"http://127.0.0.1:{port}");
        await child.WaitReadyAsync(api, ReadyPatience, cancellation);
        ClusterLoadResult result;
        using (var load = new ClusterHttpLoad(api, _adminKey, options))
        {
            await WarmUpAsync(load, cancellation);
            await load.CreateTenantAsync(Tenant, 1, cancellation);
            result = await load.MeasureAsync(configuration, Tenant, options.Records, Seed, cancellation);
        }
        await child.DisposeAsync();
        _children.Remove(child);
        return result;
    }

    /// <summary>JIT, connection pools and the first grain activations, on another tenant, so they are not in the figure.</summary>
    private async Task WarmUpAsync(ClusterHttpLoad load, CancellationToken cancellation)
    {
        await load.CreateTenantAsync(WarmTenant, 1, cancellation);
        var warm = await load.MeasureAsync("warm-up", WarmTenant, WarmUpRecords, Seed + 1, cancellation);
        log.WriteLine($"  warm-up: {warm.RecordsPerSecond:N0} records/s");
    }

    private ClusterLoadResult Report(ClusterLoadResult result)
    {
        log.WriteLine($"  {result.Configuration}: {result.RecordsPerSecond:N0} records/s ({result.Seconds:N2} s), POST p50 {result.PostP50Ms:N1} ms, p99 {result.PostP99Ms:N1} ms, re-sent {result.Resent}, load average {LoadAverage()}");
        return result;
    }

    /// <summary>Stops the children and brings down every cluster still up; each step on its own so one failure does not leave the rest running.</summary>
    private async Task CleanUpAsync(ClusterScript cluster)
    {
        foreach (var child in _children.ToList())
        {
            try
            {
                await child.DisposeAsync();
            }
            catch (Exception e)
            {
                log.WriteLine($"clean-up: stopping a lepton child failed: {e.Message}");
            }
        }
        _children.Clear();
        foreach (var dir in _clustersUp.ToList())
        {
            try
            {
                await cluster.DownAsync(dir);
            }
            catch (Exception e)
            {
                log.WriteLine($"clean-up: cluster.sh down --dir {dir} failed: {e.Message}");
            }
        }
        _clustersUp.Clear();
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
