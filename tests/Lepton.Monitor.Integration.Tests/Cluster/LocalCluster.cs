using System.Diagnostics;
using System.Text;

namespace Lepton.Monitor.Integration.Tests.Cluster;

/// <summary>
/// A cluster started with <c>infra/local/cluster.sh</c> — the script developers use — on the lepton.dll beside the
/// tests, under a temporary folder: real processes (PostgreSQL, silos, api processes) that a SIGKILL really ends.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly TempFolder _dir = new();

    private readonly string _extraArgs;

    private LocalCluster(string extraArgs) => _extraArgs = extraArgs;

    public string Dir => _dir.Path;

    /// <summary>The api process's base address (api 1), as written to DIR/api.url.</summary>
    public Uri Api { get; private set; } = null!;

    /// <param name="extraArgs">Product options for every process (cluster.sh's LEPTON_ARGS), e.g. shorter journal leases.</param>
    /// <param name="regions">Silo I's region (cluster.sh --regions), each region with its own grain-state database.</param>
    public static async Task<LocalCluster> UpAsync(int silos, int apis = 1, string extraArgs = "", string? regions = null)
    {
        var cluster = new LocalCluster(extraArgs);
        try
        {
            string[] up = ["up", "--silos", silos.ToString(), "--apis", apis.ToString()];
            var output = await cluster.RunAsync(TimeSpan.FromMinutes(4), regions is null ? up : [.. up, "--regions", regions]);
            var line = output.Split('\n').Single(l => l.StartsWith("API ", StringComparison.Ordinal));
            cluster.Api = new Uri(line[4..].Trim());
            Assert.Equal(cluster.Api, new Uri(File.ReadAllText(Path.Combine(cluster.Dir, "api.url")).Trim()));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public HttpClient AdminClient(int api = 1)
    {
        var url = api == 1 ? Api : new Uri(File.ReadAllText(Path.Combine(Dir, $"api-{api}.url")).Trim());
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", LeptonTestHost.AdminKey);
        return client;
    }

    public Task<string> KillSiloAsync(int i) => RunAsync(TimeSpan.FromSeconds(30), "kill-silo", i.ToString());
    public Task<string> StartSiloAsync(int i) => RunAsync(TimeSpan.FromMinutes(2), "start-silo", i.ToString());
    public Task<string> KillApiAsync(int i) => RunAsync(TimeSpan.FromSeconds(30), "kill-api", i.ToString());
    public Task<string> StartApiAsync(int i) => RunAsync(TimeSpan.FromMinutes(2), "start-api", i.ToString());
    public Task<string> StatusAsync() => RunAsync(TimeSpan.FromSeconds(60), "status");
    public Task<string> RestartPostgresAsync(int downSeconds) => RunAsync(TimeSpan.FromMinutes(2), "restart-postgres", downSeconds.ToString());

    /// <summary>A connection string to one of the cluster's databases (lepton, or lepton_&lt;region&gt;).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={File.ReadAllText(Path.Combine(Dir, "pg.port")).Trim()};Database={database};Username=postgres;" +
        $"Password={File.ReadAllText(Path.Combine(Dir, "pg.password")).Trim()};Pooling=false";

    /// <summary>A process's log so far (silo-1, api-1, …), for failure messages.</summary>
    public string Log(string name)
    {
        var path = Path.Combine(Dir, name + ".log");
        if (!File.Exists(path))
            return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        return text.Length > 6_000 ? text[^6_000..] : text;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(TimeSpan.FromMinutes(2), "down");
        }
        catch (Exception)
        {
            // Best effort: the folder goes regardless, and a stray process dies with the test host's process group.
        }
        _dir.Dispose();
    }

    private async Task<string> RunAsync(TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(RepoRoot, "infra", "local", "cluster.sh"));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.ArgumentList.Add("--dir");
        info.ArgumentList.Add(Dir);
        info.Environment["LEPTON_ADMIN_KEY"] = LeptonTestHost.AdminKey;
        info.Environment["LEPTON_DLL"] = Path.Combine(AppContext.BaseDirectory, "lepton.dll");
        info.Environment["LEPTON_ARGS"] = "--Logging:LogLevel:Default Warning --Logging:LogLevel:Lepton Information " + _extraArgs;
        using var process = Process.Start(info)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster.sh {string.Join(' ', args)} did not finish in {timeout}:\n{stdout}{stderr}");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} exited {process.ExitCode}:\n{stdout}{stderr}");
        return stdout.ToString();
    }

    private static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Lepton.Monitor.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("Lepton.Monitor.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
