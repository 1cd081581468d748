using Microsoft.ML.OnnxRuntime;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// ONNX Runtime's log, received through the environment's logging callback. Its exceptions can be terse where its log
/// is precise: a CUDA provider that cannot load throws "Failed to load shared library" and logs the loader's words
/// (<c>libcublasLt.so.13: cannot open shared object file</c>). Around a provider attempt the error lines logged on that
/// thread are captured to become the logged reason; every other line goes to stderr, as ONNX Runtime's own logger did.
/// </summary>
internal static class OnnxRuntimeLog
{
    private const string ErrorMarker = "[ONNXRuntimeError] : ";

    [ThreadStatic] private static List<string>? t_captured;

    /// <summary>Passed to the environment; a static field keeps the delegate alive for the process.</summary>
    public static readonly DOrtLoggingFunction Callback = Write;

    /// <summary>Runs <paramref name="action"/>, collecting the error lines ONNX Runtime logs on this thread meanwhile.</summary>
    public static T Capture<T>(Func<T> action, out IReadOnlyList<string> errors)
    {
        var outer = t_captured;
        var captured = new List<string>();
        t_captured = captured;
        try
        {
            return action();
        }
        finally
        {
            t_captured = outer;
            errors = captured;
        }
    }

    /// <summary>The part of a logged line worth quoting: after ONNX Runtime's "[ONNXRuntimeError] : 1 : FAIL : " prefix, on one line.</summary>
    public static string Detail(string line)
    {
        var at = line.LastIndexOf(ErrorMarker, StringComparison.Ordinal);
        if (at >= 0)
        {
            // "[ONNXRuntimeError] : 1 : FAIL : message": skip the code and its name.
            var rest = line[(at + ErrorMarker.Length)..];
            for (var i = 0; i < 2; i++)
            {
                var colon = rest.IndexOf(" : ", StringComparison.Ordinal);
                if (colon < 0)
                    break;
                rest = rest[(colon + 3)..];
            }
            line = rest;
        }
        return line.ReplaceLineEndings(" ").Trim();
    }

    private static void Write(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        if (t_captured is { } captured && severity >= OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR)
        {
            captured.Add(message);
            return;
        }
        Console.Error.WriteLine($"onnxruntime {severity} [{logId}] {codeLocation}: {message}");
    }
}
