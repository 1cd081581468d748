using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Picks the inference backend for <see cref="ScoringOptions.Device"/>: <c>cpu</c> and <c>cuda</c> are ONNX Runtime;
/// <c>cublas</c> is the cuBLASLt backend (with ONNX Runtime CPU behind it for parity and per-batch fallback) or an
/// error saying why; <c>auto</c> takes ONNX Runtime's CUDA provider when that build is present, else cuBLASLt when it can
/// run the model here and agrees with the CPU, else the CPU — and logs one line saying which and why.
/// </summary>
public static class InferenceBackends
{
    /// <exception cref="ScoringDeviceUnavailableException">The requested device cannot be used; the message says why.</exception>
    public static IInferenceBackend Create(string modelPath, ScoringOptions options, ILogger logger)
    {
        switch (options.Device)
        {
            case ScoringDevice.Cpu:
            case ScoringDevice.Cuda:
                return new RawOnnxRunner(modelPath, options, logger);

            case ScoringDevice.Cublas:
            {
                var cpu = new RawOnnxRunner(modelPath, options.CopyWith(ScoringDevice.Cpu), logger);
                try
                {
                    var backend = WithGpu(modelPath, options, cpu, logger);
                    return backend;
                }
                catch (GpuUnavailableException e)
                {
                    cpu.Dispose();
                    throw new ScoringDeviceUnavailableException(ScoringDevice.Cublas,
                        $"Device=cublas was requested but the cuBLASLt backend cannot serve {Path.GetFileName(modelPath)}: {e.Message}. Set Device to auto or cpu.", e);
                }
            }

            default:
            {
                var runner = new RawOnnxRunner(modelPath, options, logger);
                if (runner.Device == OnnxSessionFactory.CudaDevice)
                    return runner;
                try
                {
                    return WithGpu(modelPath, options, runner, logger);
                }
                catch (GpuUnavailableException e)
                {
                    logger.LogInformation("Scoring {Model} on ONNX Runtime CPU: the cuBLASLt GPU backend is not used ({Reason})", Path.GetFileName(modelPath), e.Message);
                    return runner;
                }
            }
        }
    }

    /// <summary>The cuBLASLt backend over <paramref name="cpu"/>, once it passed the parity probe.</summary>
    /// <exception cref="GpuUnavailableException">Graph unsupported, no GPU here, or parity failed.</exception>
    private static IInferenceBackend WithGpu(string modelPath, ScoringOptions options, IInferenceBackend cpu, ILogger logger)
    {
        DenseGraph graph;
        try
        {
            graph = DenseGraphReader.Read(modelPath);
        }
        catch (UnsupportedGraphException e)
        {
            throw new GpuUnavailableException($"the model is not a dense chain the GPU backend runs ({e.Message})", e);
        }
        var capacity = Math.Max(options.MaxBatchSize, FeatureExtractor.FeatureCount + 1);
        var gpu = CublasLtBackend.Create(graph, capacity, options.CublasTf32, options.CudaDeviceId);
        try
        {
            var tolerance = options.CublasTf32 ? ParityProbe.Tf32Tolerance : ParityProbe.Fp32Tolerance;
            var difference = ParityProbe.MaxDifference(gpu, cpu);
            if (!(difference <= tolerance))
                throw new GpuUnavailableException($"parity probe failed: GPU and ONNX Runtime CPU differ by {difference:G3} > {tolerance:G1} on {ParityProbe.Rows} rows");
            logger.LogInformation("Scoring {Model} on the cuBLASLt backend ({Gpu}, {Math}; parity with ONNX Runtime CPU {Difference:G2} on {Rows} rows)",
                Path.GetFileName(modelPath), gpu.GpuName, options.CublasTf32 ? "TF32" : "fp32", difference, ParityProbe.Rows);
            return new GpuFallbackBackend(gpu, cpu, logger);
        }
        catch (Exception e) when (e is GpuUnavailableException or CudaException)
        {
            gpu.Dispose();
            throw e as GpuUnavailableException ?? new GpuUnavailableException($"parity probe failed on the GPU: {e.Message}", e);
        }
    }
}
