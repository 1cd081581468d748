using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Scoring.Tests.Gpu;

/// <summary>
/// On a machine without the NVIDIA driver (this one, CI), in the CPU and the GPU build of ONNX Runtime alike:
/// <c>Device=auto</c> and <c>Device=cuda</c> end on ONNX Runtime CPU with each provider's reason logged, and every record
/// is scored exactly as the CPU scores it.
/// </summary>
[Collection(ScoringServiceCollection.Name)]
public sealed class DeviceFallbackTests
{
    /// <summary>What ONNX Runtime's CUDA attempt says here: the CPU package lacks the provider; the GPU package cannot load CUDA.</summary>
    private static string ExpectedCudaReason => OnnxRuntimeBuild.IsGpu ? "cannot open shared object file" : "CPU build of ONNX Runtime";

    [DeviceFallbackFact]
    public void Auto_passes_over_cuda_and_cublas_with_their_reasons_and_ends_on_the_cpu()
    {
        var logger = new ListLogger<OnnxScoringService>();

        var selection = InferenceBackends.Select(TestRecords.ShippedModelPath,
            new ScoringOptions { ModelPath = TestRecords.ShippedModelPath, Device = ScoringDevice.Auto }, logger);
        using var backend = selection.Backend;

        Assert.Equal("cpu", backend.Device);
        Assert.Equal(["cuda", "cublas"], selection.Rejections.Select(r => r.Device));
        Assert.Contains(ExpectedCudaReason, selection.Rejections[0].Reason);
        Assert.Contains("libcuda.so.1", selection.Rejections[1].Reason);
        Assert.Contains(logger.Entries, e => e.Message.Contains("provider cuda not used") && e.Message.Contains(ExpectedCudaReason));
        Assert.Contains(logger.Entries, e => e.Message.Contains("provider cublas not used") && e.Message.Contains("libcuda.so.1"));
    }

    [DeviceFallbackFact]
    public void Cuda_ends_on_the_cpu_with_the_reason_as_a_warning()
    {
        var logger = new ListLogger<OnnxScoringService>();

        var selection = InferenceBackends.Select(TestRecords.ShippedModelPath,
            new ScoringOptions { ModelPath = TestRecords.ShippedModelPath, Device = ScoringDevice.Cuda }, logger);
        using var backend = selection.Backend;

        Assert.Equal("cpu", backend.Device);
        var rejection = Assert.Single(selection.Rejections); // cuda names ONNX Runtime's provider: cuBLASLt is not tried
        Assert.Equal("cuda", rejection.Device);
        Assert.Contains(ExpectedCudaReason, rejection.Reason);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(ExpectedCudaReason, warning.Message);
    }

    [DeviceFallbackFact]
    public void A_bare_runner_asked_for_cuda_refuses_with_the_reason_and_what_to_change()
    {
        var e = Assert.Throws<ScoringDeviceUnavailableException>(() =>
            new RawOnnxRunner(TestRecords.ShippedModelPath, new ScoringOptions { Device = ScoringDevice.Cuda }));

        Assert.Equal(ScoringDevice.Cuda, e.Device);
        Assert.Contains(ExpectedCudaReason, e.Reason);
        Assert.Contains(e.Reason, e.Message);
        Assert.Contains("OnnxRuntimeFlavor=Gpu", e.Message);
    }

    [DeviceFallbackTheory]
    [InlineData(ScoringDevice.Auto)]
    [InlineData(ScoringDevice.Cuda)]
    public async Task The_service_on_a_fallen_back_device_scores_every_record_like_the_cpu(ScoringDevice device)
    {
        var records = TestRecords.Generated(1_000, seed: 31);
        using var reference = new ReferenceScorer();
        await using var service = new OnnxScoringService(
            new ScoringOptions { ModelPath = TestRecords.ShippedModelPath, Device = device, MaxBatchSize = 128 }, FixedRateCurrencyConverter.Default);

        var scored = await Task.WhenAll(records.Chunk(50).Select(chunk => service.ScoreAsync(chunk).AsTask()));

        Assert.Equal("cpu", service.Model.Device);
        Assert.Equal(records.Chunk(50).Select(c => c.Length), scored.Select(s => s.Length));
        var all = scored.SelectMany(s => s).ToArray();
        for (var i = 0; i < records.Length; i++)
            Assert.InRange(Math.Abs(all[i].Score - reference.Score(records[i])), 0, 1e-6);
    }

    [DeviceFallbackTheory]
    [MemberData(nameof(TestRecords.ShippedModels), MemberType = typeof(TestRecords))]
    public async Task Both_families_fall_back_to_the_cpu_under_auto_and_cuda(string modelPath)
    {
        using var reference = new ReferenceScorer(modelPath);
        var record = TestRecords.Generated(1, seed: 12)[0];
        foreach (var device in new[] { ScoringDevice.Auto, ScoringDevice.Cuda })
        {
            await using var service = new OnnxScoringService(new ScoringOptions { ModelPath = modelPath, Device = device }, FixedRateCurrencyConverter.Default);
            Assert.Equal("cpu", service.Model.Device);
            Assert.InRange(Math.Abs((await service.ScoreAsync([record]))[0].Score - reference.Score(record)), 0, 1e-6);
        }
    }

    [Fact]
    public void A_model_that_cannot_load_is_reported_as_such_under_auto_not_as_a_missing_gpu()
    {
        using var folder = new TempDirectory();
        var garbage = Path.Combine(folder.Path, "garbage.onnx");
        File.WriteAllBytes(garbage, [1, 2, 3, 4, 5, 6, 7, 8]);

        foreach (var device in new[] { ScoringDevice.Auto, ScoringDevice.Cuda, ScoringDevice.Cublas })
        {
            var e = Assert.Throws<ModelLoadException>(() =>
                InferenceBackends.Create(garbage, new ScoringOptions { ModelPath = garbage, Device = device }, new ListLogger<OnnxScoringService>()));
            Assert.Equal(garbage, e.ModelPath);
        }
    }
}

/// <summary>Runs only where the NVIDIA driver is absent (where it is present a GPU provider may rightly be chosen).</summary>
public sealed class DeviceFallbackFactAttribute : FactAttribute
{
    public DeviceFallbackFactAttribute()
    {
        Skip = NvidiaDriver.PresentReason;
    }
}

/// <inheritdoc cref="DeviceFallbackFactAttribute"/>
public sealed class DeviceFallbackTheoryAttribute : TheoryAttribute
{
    public DeviceFallbackTheoryAttribute()
    {
        Skip = NvidiaDriver.PresentReason;
    }
}

internal static class NvidiaDriver
{
    /// <summary>Null where <c>libcuda.so.1</c> does not load; else why a no-GPU fact is skipped.</summary>
    public static string? PresentReason { get; } = Probe();

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux() || !System.Runtime.InteropServices.NativeLibrary.TryLoad("libcuda.so.1", out var handle))
            return null;
        System.Runtime.InteropServices.NativeLibrary.Free(handle);
        return "the NVIDIA driver (libcuda.so.1) is installed here: this fact is about a machine without it; the GPU tests cover this one";
    }
}
