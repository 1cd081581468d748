namespace Lepton.Monitor.Scoring;

/// <summary>Where ONNX Runtime executes the model.</summary>
public enum ScoringDevice
{
    /// <summary>CUDA when the GPU flavour is built and a GPU is usable, else CPU (one log line says why).</summary>
    Auto,

    /// <summary>CPU execution provider only.</summary>
    Cpu,

    /// <summary>CUDA execution provider or fail: needs <c>-p:OnnxRuntimeFlavor=Gpu</c>, CUDA 12 and cuDNN 9.</summary>
    Cuda,
}
