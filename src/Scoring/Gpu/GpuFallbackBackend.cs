using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// The GPU backend with ONNX Runtime CPU behind it: a GPU error during a batch (out of memory, a lost device) scores
/// that batch on the CPU, logs the error and counts it in <c>lepton.scoring.gpu_fallbacks</c> — a record is never lost
/// to the GPU. Owns both backends.
/// </summary>
public sealed class GpuFallbackBackend(IInferenceBackend gpu, IInferenceBackend cpu, ILogger logger) : IInferenceBackend
{
    private static readonly Meter Meter = new(ScoringTelemetry.MeterName);
    private static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>("lepton.scoring.gpu_fallbacks",
        description: "Batches scored on the CPU because the GPU backend failed");

    public IInferenceBackend Gpu { get; } = gpu;
    public IInferenceBackend Cpu { get; } = cpu;

    /// <summary>Batches that fell back so far.</summary>
    public long FallbackCount => Interlocked.Read(ref _fallbacks);

    private long _fallbacks;

    public string Device => Gpu.Device;
    public string InputName => Gpu.InputName;
    public string OutputName => Gpu.OutputName;
    public int FeatureCount => Gpu.FeatureCount;
    public IReadOnlyDictionary<string, string> Metadata => Cpu.Metadata;

    public void Run(float[] features, int rows, float[] scores)
    {
        try
        {
            Gpu.Run(features, rows, scores);
        }
        catch (CudaException e)
        {
            Interlocked.Increment(ref _fallbacks);
            Fallbacks.Add(1, new KeyValuePair<string, object?>("call", e.Call));
            logger.LogError(e, "GPU scoring of {Rows} rows failed in {Call}; this batch is scored on the CPU", rows, e.Call);
            Cpu.Run(features, rows, scores);
        }
    }

    public void Dispose()
    {
        Gpu.Dispose();
        Cpu.Dispose();
    }
}
