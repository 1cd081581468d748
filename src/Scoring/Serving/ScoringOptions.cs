using Microsoft.ML.OnnxRuntime;

namespace Lepton.Monitor.Scoring;

/// <summary>Settings of <see cref="OnnxScoringService"/> and <see cref="RawOnnxRunner"/> (bindable from configuration).</summary>
public sealed class ScoringOptions
{
    /// <summary>File name of the model shipped in the repository's <c>onnx/</c> folder.</summary>
    public const string DefaultModelFileName = "lepton-risk-1.0.0.onnx";

    /// <summary>The .onnx file; its card is read from the same path with <c>.card.json</c> instead of <c>.onnx</c>.</summary>
    public string ModelPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "onnx", DefaultModelFileName);

    /// <summary>Most rows in one <c>Run</c>; larger caller batches are split. An explanation (F + 1 rows) is never split.</summary>
    public int MaxBatchSize { get; set; } = 4096;

    /// <summary>How long a batch may wait for more rows after its first request was queued. Zero: run with what is queued.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Queued requests (each ≤ <see cref="MaxBatchSize"/> rows) before callers wait: the backpressure bound.</summary>
    public int QueueCapacity { get; set; } = 1024;

    public ScoringDevice Device { get; set; } = ScoringDevice.Auto;

    /// <summary>CUDA device ordinal used when <see cref="Device"/> is cuda or auto.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>ORT intra-op threads. 1 by default: the batching loop is one thread and the silo needs its other cores; 0 lets ORT pick.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Keep ORT tensors and an IOBinding over the service's reused buffers (one per batch row count) instead of
    /// creating OrtValues on every Run. See docs/benchmarks.md (Scoring) for the measured difference.
    /// </summary>
    public bool ReuseBoundTensors { get; set; } = true;

    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    public ExecutionMode ExecutionMode { get; set; } = ExecutionMode.ORT_SEQUENTIAL;

    /// <summary>A copy of these settings serving <paramref name="modelPath"/> (one per model in <see cref="ScoringServicePool"/>).</summary>
    /// <summary>
    /// cuBLASLt backend only: TF32 tensor-core math (about 3× faster on large layers) instead of fp32. Outputs then differ
    /// from fp32 by up to about 1e-3 (measured 5e-4 on logits of a 1M-parameter MLP), so the load-time parity check
    /// allows 1e-3 instead of 1e-5.
    /// </summary>
    public bool CublasTf32 { get; set; }

    /// <summary>A copy with another device (e.g. the CPU runner beside a GPU backend).</summary>
    public ScoringOptions CopyWith(ScoringDevice device)
    {
        var copy = (ScoringOptions)MemberwiseClone();
        copy.Device = device;
        return copy;
    }

    public ScoringOptions CopyFor(string modelPath)
    {
        var copy = (ScoringOptions)MemberwiseClone();
        copy.ModelPath = modelPath;
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
            throw new ArgumentException("ModelPath must be set", nameof(ModelPath));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWait, TimeSpan.Zero, nameof(MaxWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1, nameof(QueueCapacity));
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, nameof(IntraOpThreads));
        ArgumentOutOfRangeException.ThrowIfNegative(CudaDeviceId, nameof(CudaDeviceId));
    }
}
