using System.Diagnostics;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// `lepton bench|backtest|train`, and `lepton drift --report DIR`, run in `lepton-dev` (src/DevTools), which the
/// product executable does not carry (the tools, the reports' chart library): the verb is forwarded with its arguments
/// to lepton-dev next to this program (the all-in-one image has it under dev/), or, in a source checkout, to
/// src/DevTools built in this program's configuration. Exit code: lepton-dev's, or 1 with one line when neither
/// exists (the silo and api images).
/// </summary>
public static class DevToolsForwarder
{
    public const string AssemblyFile = "lepton-dev.dll";
    public const string ProjectPath = "src/DevTools/Lepton.Monitor.DevTools.csproj";

    public static readonly (string Name, string Summary)[] Verbs =
    [
        ("bench", "measure records/s and ingest-to-alert latency of the pipeline against its raw limits (lepton-dev)"),
        ("train", "train a risk model (mlp or gbdt) on generated data and write .onnx + model card (lepton-dev)"),
        ("backtest", "replay an NDJSON file offline through the rule packs; precision and recall per rule kind (lepton-dev)"),
    ];

    /// <summary>
    /// Stand-ins for the development verbs in the product's command tree (help lists them), and drift, which runs here
    /// and forwards only when asked for its HTML report.
    /// </summary>
    public static IReadOnlyList<Verb> ForwardedVerbs() =>
    [
        .. Verbs.Select(v => (Verb)new ForwardedVerb(v.Name, v.Summary)),
        new DriftVerb(forwardReport: parse => ForwardAsync(["drift", .. HostVerb.HostArguments(parse)], Console.Error)),
    ];

    /// <summary>Runs `lepton-dev VERB ARGS...` with this process's console and working directory.</summary>
    public static async Task<int> ForwardAsync(string[] args, TextWriter error)
    {
        var dll = FindInstalled() ?? await BuildFromSourceAsync(error);
        if (dll is null)
        {
            error.WriteLine($"lepton {args[0]}: the development tools (bench, backtest, train, drift --report) are not part of this installation; " +
                            $"use the all-in-one image, or `dotnet run --project {ProjectPath} -- {args[0]} ...` in a source checkout");
            return ExitCodes.Failure;
        }
        var start = new ProcessStartInfo(DotnetHost()) { UseShellExecute = false, WorkingDirectory = Environment.CurrentDirectory };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        // Ctrl+C reaches lepton-dev too (same process group): it decides how to stop; this process waits for its code.
        ConsoleCancelEventHandler keepWaiting = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += keepWaiting;
        try
        {
            using var child = Process.Start(start)!;
            await child.WaitForExitAsync();
            return child.ExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= keepWaiting;
        }
    }

    /// <summary>lepton-dev.dll beside this program, or in its dev/ folder (the all-in-one image).</summary>
    internal static string? FindInstalled() =>
        new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "dev") }
            .Select(folder => Path.Combine(folder, AssemblyFile))
            .FirstOrDefault(File.Exists);

    /// <summary>In a source checkout: builds src/DevTools (build output on stderr) and returns its lepton-dev.dll.</summary>
    private static async Task<string?> BuildFromSourceAsync(TextWriter error)
    {
        var project = new[] { Environment.CurrentDirectory, AppContext.BaseDirectory }
            .SelectMany(Upward)
            .Select(folder => Path.Combine(folder, ProjectPath))
            .FirstOrDefault(File.Exists);
        if (project is null)
            return null;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var build = new ProcessStartInfo(DotnetHost()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "build", project, "-c", configuration, "--nologo", "-v", "quiet", "-clp:NoSummary" })
            build.ArgumentList.Add(arg);
        error.WriteLine($"lepton: building {ProjectPath} ({configuration}) for the development verbs…");
        using var process = Process.Start(build)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            error.Write(await output);
            error.Write(await errors);
            return null;
        }
        var dll = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, "net10.0", AssemblyFile);
        return File.Exists(dll) ? dll : null;
    }

    private static IEnumerable<string> Upward(string folder)
    {
        for (var d = new DirectoryInfo(folder); d is not null; d = d.Parent)
            yield return d.FullName;
    }

    // `dotnet lepton.dll` runs under the muxer (reuse it); the apphost `lepton` does not, so the one on PATH.
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
