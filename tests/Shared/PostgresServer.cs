using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Lepton.Monitor.Tests.Support;

/// <summary>
/// A private PostgreSQL 15 for tests (Debian's <c>postgresql</c> package): its own data folder under /tmp, initdb with
/// trust on the socket and scram-sha-256 on TCP (so passwords are really checked), started by pg_ctl on a free
/// 127.0.0.1 port with its own socket folder; stopped (fast) and deleted on Dispose. Share one per test collection
/// (a fixture) and give each test class a database of its own (<see cref="CreateDatabaseAsync"/>).
/// As root (CI, this machine) initdb and pg_ctl run as the <c>postgres</c> user, because both refuse root.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string InstallHint = "apt-get install -y postgresql";

    private readonly string _root;
    private readonly string _data;
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    public PostgresServer()
    {
        _bin = Environment.GetEnvironmentVariable("LEPTON_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(_bin, "initdb")))
            throw new InvalidOperationException(
                $"PostgreSQL 15 is not installed ({_bin}/initdb is missing): `{InstallHint}` (.ci/run does it), or set LEPTON_PG_BIN.");
        _asPostgresUser = Environment.UserName == "root";
        _root = Path.Combine(Path.GetTempPath(), "lepton-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _data = Path.Combine(_root, "data");
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        Directory.CreateDirectory(Path.Combine(_root, "sock"));
        var passwordFile = Path.Combine(_root, "pwfile");
        File.WriteAllText(passwordFile, Password + "\n");
        try
        {
            if (_asPostgresUser)
                Run("chown", "-R", "postgres:postgres", _root);
            // --no-sync and fsync=off: a throw-away test cluster, never a durability claim.
            RunPg("initdb", "-D", _data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale", "--no-sync");
            File.Delete(passwordFile);
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Host => "127.0.0.1";
    public int Port { get; private set; }
    public string Password { get; }
    public string LogPath => Path.Combine(_root, "postgres.log");

    /// <summary>A connection string for the superuser on <paramref name="database"/> (default: the maintenance database).</summary>
    public string ConnectionString(string database = "postgres", int maxPoolSize = 20) => new NpgsqlConnectionStringBuilder
    {
        Host = Host, Port = Port, Username = "postgres", Password = Password, Database = database,
        MaxPoolSize = maxPoolSize, Timeout = 15,
    }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString()))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"")}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    private void Start()
    {
        // A free port can be taken between probing and binding (other tests, other helpers): try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                RunPg("pg_ctl", "-D", _data, "-l", LogPath, "-w", "-t", "60",
                    "-o", $"-p {Port} -k {Path.Combine(_root, "sock")} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=600",
                    "start");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    public void Dispose()
    {
        if (File.Exists(Path.Combine(_data, "postmaster.pid")))
        {
            try
            {
                RunPg("pg_ctl", "-D", _data, "-m", "fast", "-w", "-t", "30", "stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the folder goes anyway.
            }
        }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void RunPg(string tool, params string[] args) =>
        Run(_asPostgresUser ? "runuser" : Path.Combine(_bin, tool),
            _asPostgresUser ? ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args] : args);

    private void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish in 90 s");
        }
        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{stdout.Result}{stderr.Result}{log}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
