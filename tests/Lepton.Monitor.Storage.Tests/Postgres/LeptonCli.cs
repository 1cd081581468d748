using System.Diagnostics;

namespace Lepton.Monitor.Storage.Tests.Postgres;

/// <summary>Runs the real executable (<c>dotnet lepton.dll VERB ...</c>, copied beside the tests) to its end.</summary>
internal static class LeptonCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lepton.dll"));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        // The verb reads Lepton__* from the environment too: none may leak in from the machine running the tests.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Lepton__", StringComparison.OrdinalIgnoreCase)).ToArray())
            info.Environment.Remove(key);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lepton {string.Join(' ', args)} did not finish in 60 s");
        }
        return new Result(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }
}
