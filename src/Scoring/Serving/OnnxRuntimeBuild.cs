namespace Lepton.Monitor.Scoring;

/// <summary>Which ONNX Runtime native package this assembly was built against (<c>-p:OnnxRuntimeFlavor</c>).</summary>
public static class OnnxRuntimeBuild
{
#if ONNXRUNTIME_GPU
    public const bool IsGpu = true;
    public const string Package = "Microsoft.ML.OnnxRuntime.Gpu.Linux";
#else
    public const bool IsGpu = false;
    public const string Package = "Microsoft.ML.OnnxRuntime";
#endif

    /// <summary>"gpu" or "cpu", for log lines and benchmark tables.</summary>
    public const string Flavor = IsGpu ? "gpu" : "cpu";
}
