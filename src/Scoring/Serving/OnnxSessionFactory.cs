using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Lepton.Monitor.Scoring;

/// <summary>Creates the <see cref="InferenceSession"/> for a model on the requested device, turning ORT failures into clear exceptions.</summary>
internal static class OnnxSessionFactory
{
    public const string CpuDevice = "cpu";
    public const string CudaDevice = "cuda";

    public static (InferenceSession Session, string Device) Create(string modelPath, ScoringOptions options, ILogger logger)
    {
        options.Validate();
        if (!File.Exists(modelPath))
            throw new ModelLoadException(modelPath, $"ONNX model file not found: '{modelPath}'. Set ModelPath, or build one with onnx/build-model.sh.");

        switch (options.Device)
        {
            case ScoringDevice.Cpu:
                return (CreateSession(modelPath, options, useCuda: false), CpuDevice);

            case ScoringDevice.Cuda:
                // Strict: the caller (InferenceBackends' selector, or whoever asked for cuda) decides what comes next.
                try
                {
                    return (CreateSession(modelPath, options, useCuda: true), CudaDevice);
                }
                catch (CudaUnavailableException e)
                {
                    throw new ScoringDeviceUnavailableException(ScoringDevice.Cuda, CudaHelp(options, e), e.InnerException,
                        reason: Reason(e));
                }

            default:
                try
                {
                    return (CreateSession(modelPath, options, useCuda: true), CudaDevice);
                }
                catch (CudaUnavailableException e)
                {
                    var session = CreateSession(modelPath, options, useCuda: false);
                    logger.LogWarning("ONNX scoring falls back to CPU: CUDA execution provider unavailable ({Reason})", Reason(e));
                    return (session, CpuDevice);
                }
        }
    }

    private static InferenceSession CreateSession(string modelPath, ScoringOptions options, bool useCuda)
    {
        OnnxRuntimeEnvironment.EnsureInitialized(); // telemetry off before ONNX Runtime's first environment exists
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = options.GraphOptimizationLevel,
            ExecutionMode = options.ExecutionMode,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };

        IReadOnlyList<string> logged = [];
        if (useCuda)
        {
            try
            {
                // Where the provider cannot load, the exception may only say "Failed to load shared library" while
                // ONNX Runtime logs the loader's reason: both become the reason.
                OnnxRuntimeLog.Capture(() => { AppendCuda(sessionOptions, options.CudaDeviceId); return 0; }, out logged);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                throw new CudaUnavailableException(e, logged);
            }
        }

        try
        {
            return useCuda
                ? OnnxRuntimeLog.Capture(() => new InferenceSession(modelPath, sessionOptions), out logged)
                : new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            if (useCuda)
            {
                // The CUDA provider can also fail only now (driver, cuDNN): find out whether the model itself is at fault.
                using var probe = CreateSession(modelPath, options, useCuda: false);
                throw new CudaUnavailableException(e, logged);
            }
            throw new ModelLoadException(modelPath, $"'{modelPath}' is not a loadable ONNX model: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// ONNX Runtime's CUDA provider in plain fp32: it defaults to TF32 tensor-core math for matrix products (Ampere and
    /// later), which differs from the CPU by up to ~1e-3 and would fail the fp32 parity probe.
    /// </summary>
    private static void AppendCuda(SessionOptions sessionOptions, int deviceId)
    {
        using var cuda = new OrtCUDAProviderOptions(); // loads the provider library: throws where CUDA is missing
        cuda.UpdateOptions(new Dictionary<string, string>
        {
            ["device_id"] = deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["use_tf32"] = "0",
        });
        sessionOptions.AppendExecutionProvider_CUDA(cuda);
    }

    private static string CudaHelp(ScoringOptions options, CudaUnavailableException reason) =>
        $"Device=cuda was requested but the CUDA execution provider (device {options.CudaDeviceId}) cannot be used: {Reason(reason)}. " +
        "Build with -p:OnnxRuntimeFlavor=Gpu on a host with an NVIDIA GPU, CUDA 13 and cuDNN 9, or set Device to auto or cpu.";

    // The CPU package lacks the CUDA entry point altogether; say so instead of quoting the loader. Otherwise the
    // exception's words and, after them, what ONNX Runtime logged meanwhile (the loader's own message).
    private static string Reason(CudaUnavailableException e)
    {
        if (e.InnerException is EntryPointNotFoundException || !OnnxRuntimeBuild.IsGpu)
            return "this process uses the CPU build of ONNX Runtime (Microsoft.ML.OnnxRuntime), which has no CUDA provider; build with -p:OnnxRuntimeFlavor=Gpu";
        var reason = OnnxRuntimeLog.Detail(e.Message).TrimEnd('.');
        var logged = e.Logged.Select(OnnxRuntimeLog.Detail).Where(line => !reason.Contains(line, StringComparison.Ordinal)).Distinct().ToArray();
        return logged.Length == 0 ? reason : reason + " (" + string.Join("; ", logged) + ")";
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>Internal signal: CUDA could not be used, while the model itself is fine.</summary>
    private sealed class CudaUnavailableException(Exception inner, IReadOnlyList<string> logged) : Exception(inner.Message, inner)
    {
        /// <summary>The error lines ONNX Runtime logged during the failed attempt.</summary>
        public IReadOnlyList<string> Logged { get; } = logged;
    }
}
