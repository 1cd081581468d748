using System.Diagnostics;
using System.Globalization;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// Drives infra/local/cluster.sh, the script developers use, so the bench measures the same processes a local cluster
/// runs: PostgreSQL, silos and one api process, all on <paramref name="productDll"/>.
/// </summary>
public sealed class ClusterScript(string scriptPath, string productDll, string adminKey, string productArgs)
{
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Starts PostgreSQL, migrates, starts <paramref name="silos"/> silos and one api process; returns the api's address.</summary>
    public async Task<Uri> UpAsync(string dir, int silos, CancellationToken cancellation)
    {
        var output = await RunAsync(["up", "--silos", silos.ToString(CultureInfo.InvariantCulture), "--apis", "1", "--dir", dir], UpTimeout, cancellation);
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("API ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"cluster.sh up printed no 'API http://…' line:\n{output}");
        return new Uri(line[4..].Trim());
    }

    /// <summary>SIGKILLs api or silo <paramref name="index"/> (the script's kill-api / kill-silo).</summary>
    public Task KillAsync(string dir, string role, int index) =>
        RunAsync([$"kill-{role}", index.ToString(CultureInfo.InvariantCulture), "--dir", dir], ShortTimeout, CancellationToken.None);

    /// <summary>Stops the api processes, the silos and PostgreSQL. Never cancelled: it is the clean-up.</summary>
    public Task DownAsync(string dir) => RunAsync(["down", "--dir", dir], ShortTimeout, CancellationToken.None);

    private async Task<string> RunAsync(string[] args, TimeSpan timeout, CancellationToken cancellation)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(scriptPath);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.Environment["LEPTON_ADMIN_KEY"] = adminKey;
        info.Environment["LEPTON_DLL"] = productDll;
        info.Environment["LEPTON_ARGS"] = productArgs;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // The processes it started so far die with it or are stopped by the `down` that always follows.
            process.Kill(entireProcessTree: true);
            cancellation.ThrowIfCancellationRequested();
            throw new TimeoutException($"cluster.sh {string.Join(' ', args)} did not finish within {timeout}");
        }
        // A daemon that kept the pipes open must not hang the bench: the output is only for messages.
        var output = await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} exited {process.ExitCode}:\n{output[0]}{output[1]}");
        return output[0];
    }
}
