using System.Diagnostics;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// One `dotnet lepton.dll VERB …` child process with its output in a log file: the all-in-one (`run`) the bench
/// measures, or `migrate`. Stopped with SIGTERM (a graceful shutdown), killed when that takes too long.
/// </summary>
public sealed class ClusterProductProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private ClusterProductProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public static ClusterProductProcess Start(string productDll, IEnumerable<string> args, string logPath, string adminKey)
    {
        // bash execs dotnet with its output appended to the log: no pipe to drain, and the pid is dotnet's own, so
        // the SIGTERM in StopAsync reaches the product.
        var info = new ProcessStartInfo("bash") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec dotnet \"$@\" >>\"$LEPTON_BENCH_LOG\" 2>&1");
        info.ArgumentList.Add("lepton");
        info.ArgumentList.Add(productDll);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.Environment["LEPTON_BENCH_LOG"] = logPath;
        info.Environment["LEPTON_ADMIN_KEY"] = adminKey;
        var process = Process.Start(info) ?? throw new InvalidOperationException("bash could not be started");
        return new ClusterProductProcess(process, logPath);
    }

    /// <summary>Runs a verb to its end (e.g. `migrate`); throws with the log's tail unless it exits 0.</summary>
    public static async Task RunToEndAsync(string productDll, IEnumerable<string> args, string logPath, string adminKey, TimeSpan timeout, CancellationToken cancellation)
    {
        await using var child = Start(productDll, args, logPath, adminKey);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        await child._process.WaitForExitAsync(limit.Token);
        if (child._process.ExitCode != 0)
            throw new InvalidOperationException($"lepton {string.Join(' ', args.Take(1))} exited {child._process.ExitCode}:\n{child.LogTail()}");
    }

    /// <summary>Waits until GET <paramref name="baseAddress"/>/health/ready answers 200; throws with the log's tail if the process dies first.</summary>
    public async Task WaitReadyAsync(Uri baseAddress, TimeSpan patience, CancellationToken cancellation)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"lepton exited {_process.ExitCode} before it was ready:\n{LogTail()}");
            try
            {
                using var response = await client.GetAsync("/health/ready", cancellation);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // One slow answer while it starts.
            }
            if (waited.Elapsed > patience)
                throw new TimeoutException($"lepton was not ready within {patience}:\n{LogTail()}");
            await Task.Delay(250, cancellation);
        }
    }

    public async Task StopAsync()
    {
        if (_process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            if (kill is not null)
                await kill.WaitForExitAsync(CancellationToken.None);
        }
        using var patience = new CancellationTokenSource(StopPatience);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public string LogTail()
    {
        if (!File.Exists(LogPath))
            return "(no log)";
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        return text.Length > 4_000 ? text[^4_000..] : text;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
