namespace Lepton.Monitor.Scoring;

/// <summary>Where the model runs. Every fallback is logged with its reason (see <see cref="ExecutionProviderSelector"/>).</summary>
public enum ScoringDevice
{
    /// <summary>
    /// ONNX Runtime's CUDA provider when it comes up here (GPU build, CUDA 13, a GPU); else the cuBLASLt backend when the
    /// driver and cuBLASLt load, a GPU is visible, the graph is supported and its parity probe passes; else ONNX Runtime CPU.
    /// </summary>
    Auto,

    /// <summary>ONNX Runtime's CPU execution provider only.</summary>
    Cpu,

    /// <summary>
    /// ONNX Runtime's CUDA provider (needs <c>-p:OnnxRuntimeFlavor=Gpu</c>, CUDA 13 and cuDNN 9); where it cannot be
    /// appended, ONNX Runtime CPU with the loader's reason logged as a warning (the cuBLASLt backend is not tried).
    /// </summary>
    Cuda,

    /// <summary>
    /// The cuBLASLt backend or fail: needs only the NVIDIA driver and cuBLASLt, and a model that is a chain of dense
    /// layers (the MLP family). A GPU error at run time falls back to ONNX Runtime CPU for that batch.
    /// </summary>
    Cublas,
}
