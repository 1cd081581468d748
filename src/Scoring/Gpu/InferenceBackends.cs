using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Picks the inference backend for <see cref="ScoringOptions.Device"/>: <c>cpu</c> is ONNX Runtime CPU; <c>cublas</c> is
/// the cuBLASLt backend (with ONNX Runtime CPU behind it for parity and per-batch fallback) or an error saying why;
/// <c>cuda</c> tries ONNX Runtime's CUDA provider, then CPU; <c>auto</c> tries the CUDA provider, then cuBLASLt, then
/// CPU. A GPU backend is served only once its parity probe against ONNX Runtime CPU passed on this machine.
/// <see cref="ExecutionProviderSelector"/> logs each provider passed over with the loader's or the probe's reason.
/// </summary>
public static class InferenceBackends
{
    /// <exception cref="ScoringDeviceUnavailableException">Device=cublas and the cuBLASLt backend cannot be used; the message says why.</exception>
    /// <exception cref="ModelLoadException">The model itself cannot be loaded.</exception>
    public static IInferenceBackend Create(string modelPath, ScoringOptions options, ILogger logger) =>
        Select(modelPath, options, logger).Backend;

    /// <summary>As <see cref="Create"/>, with the providers passed over and why.</summary>
    public static ProviderSelection Select(string modelPath, ScoringOptions options, ILogger logger)
    {
        var model = Path.GetFileName(modelPath);
        switch (options.Device)
        {
            case ScoringDevice.Cpu:
                return new ProviderSelection(new RawOnnxRunner(modelPath, options, logger), []);

            case ScoringDevice.Cublas:
            {
                var cpu = new CpuRunner(modelPath, options, logger);
                try
                {
                    return new ProviderSelection(WithGpu(modelPath, options, cpu, logger), []);
                }
                catch (GpuUnavailableException e)
                {
                    cpu.DisposeUnlessTaken();
                    throw new ScoringDeviceUnavailableException(ScoringDevice.Cublas,
                        $"Device=cublas was requested but the cuBLASLt backend cannot serve {model}: {e.Message}. Set Device to auto or cpu.", e, reason: e.Message);
                }
            }

            default:
            {
                // One CPU session shared by the cuBLASLt attempt (parity reference and per-batch fallback) and the CPU attempt.
                var cpu = new CpuRunner(modelPath, options, logger);
                var attempts = new List<ProviderAttempt> { new(OnnxSessionFactory.CudaDevice, () => OnnxCuda(modelPath, options, cpu, logger)) };
                if (options.Device == ScoringDevice.Auto)
                    attempts.Add(new ProviderAttempt("cublas", () => Cublas(modelPath, options, cpu, logger)));
                attempts.Add(new ProviderAttempt(OnnxSessionFactory.CpuDevice, cpu.Take));
                try
                {
                    return new ExecutionProviderSelector(logger).Select(model, options.Device, attempts);
                }
                finally
                {
                    cpu.DisposeUnlessTaken();
                }
            }
        }
    }

    /// <summary>ONNX Runtime on its CUDA provider, served only once it agrees with ONNX Runtime CPU on the parity probe (fp32).</summary>
    private static IInferenceBackend OnnxCuda(string modelPath, ScoringOptions options, CpuRunner cpu, ILogger logger)
    {
        RawOnnxRunner cuda;
        try
        {
            cuda = new RawOnnxRunner(modelPath, options.CopyWith(ScoringDevice.Cuda), logger);
        }
        catch (ScoringDeviceUnavailableException e)
        {
            throw new ProviderUnavailableException($"ONNX Runtime CUDA execution provider: {e.Reason}", e);
        }
        try
        {
            var difference = ParityProbe.Require(cuda, cpu.Peek(), ParityProbe.Fp32Tolerance);
            logger.LogInformation("Scoring {Model} on ONNX Runtime's CUDA execution provider (device {Device}; parity with ONNX Runtime CPU {Difference:G2} on {Rows} rows)",
                Path.GetFileName(modelPath), options.CudaDeviceId, difference, ParityProbe.Rows);
            return cuda;
        }
        catch (Exception e) when (e is GpuUnavailableException or OnnxRuntimeException)
        {
            cuda.Dispose();
            throw new ProviderUnavailableException($"ONNX Runtime CUDA execution provider: {(e is GpuUnavailableException ? e.Message : "parity probe failed on the GPU: " + e.Message)}", e);
        }
    }

    private static IInferenceBackend Cublas(string modelPath, ScoringOptions options, CpuRunner cpu, ILogger logger)
    {
        try
        {
            return WithGpu(modelPath, options, cpu, logger);
        }
        catch (GpuUnavailableException e)
        {
            throw new ProviderUnavailableException($"cuBLASLt backend: {e.Message}", e);
        }
    }

    /// <summary>The cuBLASLt backend over the CPU runner (taken only on success), once it passed the parity probe.</summary>
    /// <exception cref="GpuUnavailableException">Graph unsupported, no GPU here, or parity failed.</exception>
    private static IInferenceBackend WithGpu(string modelPath, ScoringOptions options, CpuRunner cpu, ILogger logger)
    {
        cpu.Peek(); // a model ONNX Runtime cannot load fails here as a ModelLoadException, not as "GPU unavailable"
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
            var difference = ParityProbe.Require(gpu, cpu.Peek(), tolerance);
            logger.LogInformation("Scoring {Model} on the cuBLASLt backend ({Gpu}, {Math}; parity with ONNX Runtime CPU {Difference:G2} on {Rows} rows)",
                Path.GetFileName(modelPath), gpu.GpuName, options.CublasTf32 ? "TF32" : "fp32", difference, ParityProbe.Rows);
            return new GpuFallbackBackend(gpu, cpu.Take(), logger);
        }
        catch (Exception e) when (e is GpuUnavailableException or CudaException)
        {
            gpu.Dispose();
            throw e as GpuUnavailableException ?? new GpuUnavailableException($"parity probe failed on the GPU: {e.Message}", e);
        }
    }

    /// <summary>The ONNX Runtime CPU runner, created on first use; whoever <see cref="Take"/>s it owns it, else it is disposed.</summary>
    private sealed class CpuRunner(string modelPath, ScoringOptions options, ILogger logger)
    {
        private RawOnnxRunner? _runner;
        private bool _taken;

        public RawOnnxRunner Peek() => _runner ??= new RawOnnxRunner(modelPath, options.CopyWith(ScoringDevice.Cpu), logger);

        public IInferenceBackend Take()
        {
            var runner = Peek();
            _taken = true;
            return runner;
        }

        public void DisposeUnlessTaken()
        {
            if (!_taken)
                _runner?.Dispose();
        }
    }
}
