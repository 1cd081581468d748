using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Scoring.Tests.Gpu;

/// <summary>
/// The provider chain with injected attempts: what is chosen, what is recorded and logged for each provider passed over,
/// and what stops the chain (a broken model) instead of moving along it.
/// </summary>
public sealed class ExecutionProviderSelectorTests
{
    private const string CudaLoaderReason =
        "Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory";

    [Fact]
    public void Cuda_unavailable_means_cublas_is_chosen_with_the_loaders_reason_recorded_and_logged_and_the_cpu_is_not_tried()
    {
        var logger = new ListLogger<ExecutionProviderSelector>();
        var cpuTried = false;

        var selection = new ExecutionProviderSelector(logger).Select("m.onnx", ScoringDevice.Auto,
        [
            new ProviderAttempt("cuda", () => throw new ProviderUnavailableException(CudaLoaderReason)),
            new ProviderAttempt("cublas", () => new FixedBackend("cublas", 0.25f)),
            new ProviderAttempt("cpu", () => { cpuTried = true; return new FixedBackend("cpu", 0.5f); }),
        ]);

        Assert.Equal("cublas", selection.Backend.Device);
        Assert.False(cpuTried);
        var rejection = Assert.Single(selection.Rejections);
        Assert.Equal(new ProviderRejection("cuda", CudaLoaderReason), rejection);
        var line = Assert.Single(logger.Entries, e => e.Message.Contains("libcublasLt.so.13: cannot open shared object file"));
        Assert.Equal(LogLevel.Information, line.Level); // auto: passing over a provider is expected on most machines
        Assert.Contains(logger.Entries, e => e.Message.Contains("on cublas") && e.Message.Contains("passed over cuda"));
    }

    [Fact]
    public void A_gpu_backend_that_fails_its_parity_probe_is_passed_over_for_the_cpu_with_each_reason_in_order()
    {
        var logger = new ListLogger<ExecutionProviderSelector>();
        using var cpu = new RawOnnxRunner(TestRecords.ShippedModelPath, new ScoringOptions { Device = ScoringDevice.Cpu });
        var skewed = new SkewedBackend(cpu, 1e-3f); // above the fp32 tolerance of 1e-5

        var selection = new ExecutionProviderSelector(logger).Select("m.onnx", ScoringDevice.Auto,
        [
            new ProviderAttempt("cuda", () => throw new ProviderUnavailableException(CudaLoaderReason)),
            new ProviderAttempt("cublas", () => ParityGated(skewed, cpu)),
            new ProviderAttempt("cpu", () => cpu),
        ]);

        Assert.Same(cpu, selection.Backend);
        Assert.Equal(["cuda", "cublas"], selection.Rejections.Select(r => r.Device));
        Assert.Equal(CudaLoaderReason, selection.Rejections[0].Reason);
        Assert.StartsWith("parity probe failed: GPU and ONNX Runtime CPU differ by 0.001", selection.Rejections[1].Reason);
        Assert.Contains(logger.Entries, e => e.Message.Contains("provider cublas not used") && e.Message.Contains("parity probe failed"));
        Assert.Contains(logger.Entries, e => e.Message.Contains("on cpu") && e.Message.Contains("passed over cuda, cublas"));
    }

    [Fact]
    public void A_gpu_backend_within_the_tolerance_is_served()
    {
        using var cpu = new RawOnnxRunner(TestRecords.ShippedModelPath, new ScoringOptions { Device = ScoringDevice.Cpu });
        var close = new SkewedBackend(cpu, 1e-6f);

        var selection = new ExecutionProviderSelector(new ListLogger<ExecutionProviderSelector>()).Select("m.onnx", ScoringDevice.Auto,
            [new ProviderAttempt("cublas", () => ParityGated(close, cpu)), new ProviderAttempt("cpu", () => cpu)]);

        Assert.Same(close, selection.Backend);
        Assert.Empty(selection.Rejections);
    }

    [Fact]
    public void Passing_over_a_provider_asked_for_by_name_is_a_warning()
    {
        var logger = new ListLogger<ExecutionProviderSelector>();

        var selection = new ExecutionProviderSelector(logger).Select("m.onnx", ScoringDevice.Cuda,
        [
            new ProviderAttempt("cuda", () => throw new ProviderUnavailableException(CudaLoaderReason)),
            new ProviderAttempt("cpu", () => new FixedBackend("cpu", 0.5f)),
        ]);

        Assert.Equal("cpu", selection.Backend.Device);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("provider cuda not used", warning.Message);
        Assert.Contains("libcublasLt.so.13", warning.Message);
    }

    [Fact]
    public void A_model_that_cannot_load_stops_the_chain_instead_of_moving_to_the_next_provider()
    {
        var laterTried = false;

        var e = Assert.Throws<ModelLoadException>(() => new ExecutionProviderSelector(new ListLogger<ExecutionProviderSelector>()).Select("m.onnx",
            ScoringDevice.Auto,
            [
                new ProviderAttempt("cuda", () => throw new ModelLoadException("m.onnx", "'m.onnx' is not a loadable ONNX model")),
                new ProviderAttempt("cpu", () => { laterTried = true; return new FixedBackend("cpu", 0.5f); }),
            ]));

        Assert.Contains("not a loadable ONNX model", e.Message);
        Assert.False(laterTried);
    }

    [Fact]
    public void When_no_provider_comes_up_the_error_names_the_requested_device_and_every_reason()
    {
        var e = Assert.Throws<ScoringDeviceUnavailableException>(() => new ExecutionProviderSelector(new ListLogger<ExecutionProviderSelector>()).Select(
            "m.onnx", ScoringDevice.Cuda,
            [
                new ProviderAttempt("cuda", () => throw new ProviderUnavailableException("no CUDA here")),
                new ProviderAttempt("cpu", () => throw new ProviderUnavailableException("no CPU either")),
            ]));

        Assert.Equal(ScoringDevice.Cuda, e.Device);
        Assert.Equal("no provider can serve m.onnx: cuda: no CUDA here; cpu: no CPU either", e.Message);
        Assert.Throws<ArgumentException>(() => new ExecutionProviderSelector(new ListLogger<ExecutionProviderSelector>()).Select("m.onnx", ScoringDevice.Auto, []));
    }

    [Fact]
    public void The_selection_span_carries_the_chosen_device_and_an_event_per_provider_passed_over()
    {
        var model = $"span-{Guid.NewGuid():N}.onnx"; // tells this test's span from any other running in parallel
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ScoringTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (stopped) stopped.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);

        new ExecutionProviderSelector(new ListLogger<ExecutionProviderSelector>()).Select(model, ScoringDevice.Auto,
        [
            new ProviderAttempt("cuda", () => throw new ProviderUnavailableException(CudaLoaderReason)),
            new ProviderAttempt("cpu", () => new FixedBackend("cpu", 0.5f)),
        ]);

        Activity span;
        lock (stopped)
            span = Assert.Single(stopped, a => a.OperationName == ExecutionProviderSelector.SelectActivityName && (string?)a.GetTagItem("lepton.model") == model);
        Assert.Equal("cpu", span.GetTagItem("lepton.device"));
        Assert.Equal("auto", span.GetTagItem("lepton.device.requested"));
        var rejected = Assert.Single(span.Events);
        Assert.Equal("provider.rejected", rejected.Name);
        Assert.Contains(rejected.Tags, t => t.Key == "lepton.reason" && (string?)t.Value == CudaLoaderReason);
    }

    /// <summary>What the cuBLASLt attempt does after the GPU came up: serve only if the parity probe passes.</summary>
    private static IInferenceBackend ParityGated(IInferenceBackend gpu, IInferenceBackend cpu)
    {
        try
        {
            ParityProbe.Require(gpu, cpu, ParityProbe.Fp32Tolerance);
            return gpu;
        }
        catch (GpuUnavailableException e)
        {
            throw new ProviderUnavailableException(e.Message, e);
        }
    }

    /// <summary>A stand-in backend that scores every row the same.</summary>
    private sealed class FixedBackend(string device, float score) : IInferenceBackend
    {
        public string Device => device;
        public string InputName => "features";
        public string OutputName => "score";
        public int FeatureCount => FeatureExtractor.FeatureCount;
        public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string>();
        public void Run(float[] features, int rows, float[] scores) => scores.AsSpan(0, rows).Fill(score);
        public void Dispose() { }
    }

    /// <summary>A "GPU" that returns the CPU's scores shifted by <paramref name="skew"/>: a backend computing slightly wrong numbers.</summary>
    private sealed class SkewedBackend(IInferenceBackend cpu, float skew) : IInferenceBackend
    {
        public string Device => "cublas";
        public string InputName => cpu.InputName;
        public string OutputName => cpu.OutputName;
        public int FeatureCount => cpu.FeatureCount;
        public IReadOnlyDictionary<string, string> Metadata => cpu.Metadata;

        public void Run(float[] features, int rows, float[] scores)
        {
            cpu.Run(features, rows, scores);
            for (var i = 0; i < rows; i++)
                scores[i] += skew;
        }

        public void Dispose() { }
    }
}
