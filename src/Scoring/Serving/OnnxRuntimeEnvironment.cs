using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// The process's one ONNX Runtime environment, created with telemetry off — in the CPU and the GPU build alike: a
/// compliance product sends nothing anywhere and leaves no usage database behind.
/// </summary>
/// <remarks>
/// The 1.32 Linux libraries start their telemetry when the environment is created: they write a device id and an
/// SQLite database under <c>$XDG_CACHE_HOME</c> (else <c>~/.cache</c>)<c>/Microsoft/DeveloperTools/.onnxruntime/</c>.
/// <see cref="OrtEnv.DisableTelemetryEvents"/> called afterwards does not undo that (measured: the folder is still
/// created); only <c>ORT_DISABLE_TELEMETRY=1</c> in the native environment before the first environment is created
/// prevents it. .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach the native
/// environment on Unix, hence <c>setenv</c> from libc. Call <see cref="EnsureInitialized"/> before any ORT object.
/// </remarks>
public static partial class OnnxRuntimeEnvironment
{
    public const string TelemetryVariable = "ORT_DISABLE_TELEMETRY";

    private static readonly Lazy<OrtEnv> Env = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates the environment with telemetry off unless that happened already; cheap after the first call.</summary>
    public static OrtEnv EnsureInitialized() => Env.Value;

    private static OrtEnv Create()
    {
        DisableNativeTelemetry();
        var options = new EnvironmentCreationOptions
        {
            logId = "lepton",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            loggingFunction = OnnxRuntimeLog.Callback,
            loggingParam = IntPtr.Zero,
        };
        OrtEnv env;
        try
        {
            env = OrtEnv.CreateInstanceWithOptions(ref options);
        }
        catch (OnnxRuntimeException)
        {
            // Something touched OrtEnv.Instance() first (a caller outside this library): use that environment.
            env = OrtEnv.Instance();
        }
        // Windows builds report through ETW events, which this switches off; harmless elsewhere.
        env.DisableTelemetryEvents();
        return env;
    }

    private static void DisableNativeTelemetry()
    {
        Environment.SetEnvironmentVariable(TelemetryVariable, "1");
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && SetNativeVariable(TelemetryVariable, "1", overwrite: 1) != 0)
            throw new InvalidOperationException($"could not set {TelemetryVariable}=1 in the native environment (setenv failed): ONNX Runtime telemetry would stay on");
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNativeVariable(string name, string value, int overwrite);
}
