using System.Diagnostics;

namespace Lepton.Monitor.Scoring.Tests;

/// <summary>
/// ONNX Runtime's telemetry stays off: a process that creates a session through the scoring library leaves no
/// <c>.onnxruntime</c> folder under its HOME (the Linux libraries write a device id and a usage database there when
/// telemetry is on). Run in a child process with a temp HOME, so the environment is created fresh; the control run
/// shows that the same check does see the folder when ONNX Runtime is used as it comes.
/// </summary>
public sealed class OnnxRuntimeTelemetryTests
{
    [Fact]
    public void Creating_a_session_through_the_scoring_library_creates_no_onnxruntime_folder_under_home()
    {
        using var home = new TempDirectory();

        var output = RunChild("create-session", home.Path);

        Assert.StartsWith("scored ", output);
        Assert.Empty(TelemetryFolders(home.Path));
    }

    [Fact]
    public void The_check_sees_the_folder_when_onnx_runtime_is_used_without_the_library()
    {
        using var home = new TempDirectory();

        RunChild("create-session-bare", home.Path);

        Assert.NotEmpty(TelemetryFolders(home.Path));
    }

    private static string[] TelemetryFolders(string home) =>
        Directory.GetDirectories(home, ".onnxruntime", SearchOption.AllDirectories);

    /// <summary>Runs this test assembly as a program with HOME and XDG_CACHE_HOME inside <paramref name="home"/>; returns its output.</summary>
    private static string RunChild(string verb, string home)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add(verb);
        start.ArgumentList.Add(TestRecords.ShippedModelPath);
        start.Environment["HOME"] = home;
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(home, ".cache");
        start.Environment.Remove(OnnxRuntimeEnvironment.TelemetryVariable); // the test host has it once this library ran: the child must not inherit it
        // ONNX Runtime's telemetry switches itself off on a CI machine (it checks CI=true and the like), which would
        // make the control see no folder and the real test pass for the wrong reason: both children run as on a desk.
        foreach (var ci in new[] { "CI", "TF_BUILD", "GITHUB_ACTIONS", "BUILD_ID", "JENKINS_URL", "GITLAB_CI", "TEAMCITY_VERSION", "BUILDKITE", "CIRCLECI", "TRAVIS" })
            start.Environment.Remove(ci);
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        Assert.True(child.ExitCode == 0, $"child exited {child.ExitCode}: {output} {stderr.Result}");
        return output;
    }
}
