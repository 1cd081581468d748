using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Lepton.Monitor.Tests.Support;

/// <summary>
/// The real executable (<c>dotnet lepton.dll run</c>) as a child process on a data folder, with its output captured:
/// what an operator starts, and what a SIGKILL (<see cref="Process.Kill(bool)"/>) really ends.
/// </summary>
public sealed class LeptonProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private LeptonProcess(Process process, int port)
    {
        Process = process;
        Port = port;
    }

    public Process Process { get; }
    public int Port { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    public static LeptonProcess Start(string dataPath, params string[] extraArgs)
    {
        var port = LeptonTestHost.FreePort();
        var exe = Path.Combine(AppContext.BaseDirectory, "lepton.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in (string[])[
            exe, "run", "--urls", $"http://127.0.0.1:{port}", "--Lepton:DataPath", dataPath, "--Lepton:Demo:Enabled", "false",
            "--Lepton:Orleans:SiloPort", LeptonTestHost.FreePort().ToString(), "--Lepton:Orleans:GatewayPort", LeptonTestHost.FreePort().ToString(),
            "--Logging:LogLevel:Default", "Warning", .. extraArgs])
            info.ArgumentList.Add(a);
        info.Environment["LEPTON_ADMIN_KEY"] = LeptonTestHost.AdminKey;
        var process = Process.Start(info)!;
        var child = new LeptonProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public HttpClient AdminClient()
    {
        var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", LeptonTestHost.AdminKey);
        return admin;
    }

    public async Task WaitReadyAsync(HttpClient client)
    {
        for (var i = 0; i < 1200; i++)
        {
            Assert.False(Process.HasExited, "the lepton process exited during start:\n" + Output);
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("lepton did not become ready");
    }

    /// <summary>Waits for the process to end by itself and returns its exit code (the output is then complete).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await Process.WaitForExitAsync(cts.Token);
        Process.WaitForExit(); // drains the redirected output
        return Process.ExitCode;
    }

    /// <summary>SIGKILL on Linux: no graceful stop, no drain, no last checkpoint.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited)
            Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
                Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        Process.Dispose();
    }
}
