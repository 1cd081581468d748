namespace Lepton.Monitor.Scoring;

/// <summary>Where ONNX Runtime executes the model.</summary>
public enum ScoringDevice
{
    /// <summary>
    /// ONNX Runtime's CUDA provider when that build is present; else the cuBLASLt backend when the driver and cuBLASLt
    /// load, a GPU is visible and the graph is supported; else CPU. One log line says which and why.
    /// </summary>
    Auto,

    /// <summary>CPU execution provider only.</summary>
    Cpu,

    /// <summary>CUDA execution provider or fail: needs <c>-p:OnnxRuntimeFlavor=Gpu</c>, CUDA 12 and cuDNN 9.</summary>
    Cuda,

    /// <summary>
    /// The cuBLASLt backend or fail: needs only the NVIDIA driver and cuBLASLt, and a model that is a chain of dense
    /// layers (the MLP family). A GPU error at run time falls back to ONNX Runtime CPU for that batch.
    /// </summary>
    Cublas,
}
