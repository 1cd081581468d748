namespace Lepton.Monitor.Scoring.Tests.Gpu;

/// <summary>
/// Where ONNX Runtime's CUDA provider comes up (GPU build, CUDA 13, a GPU): it scores like ONNX Runtime CPU within 1e-5
/// and <c>auto</c> chooses it. Elsewhere skipped with the provider's own reason.
/// </summary>
public sealed class OnnxCudaParityTests
{
    [OnnxCudaFact]
    public void The_cuda_provider_scores_like_the_cpu_within_1e_5_across_batch_sizes()
    {
        using var cuda = new RawOnnxRunner(TestRecords.ShippedModelPath, new ScoringOptions { Device = ScoringDevice.Cuda });
        using var cpu = new RawOnnxRunner(TestRecords.ShippedModelPath, new ScoringOptions { Device = ScoringDevice.Cpu });
        Assert.Equal("cuda", cuda.Device);
        var probe = ParityProbe.Features();
        var features = new float[4096 * FeatureExtractor.FeatureCount];
        for (var i = 0; i < features.Length; i += probe.Length)
            probe.AsSpan(0, Math.Min(probe.Length, features.Length - i)).CopyTo(features.AsSpan(i));
        foreach (var rows in new[] { 1, 7, 256, 4096 })
        {
            var a = new float[rows];
            var b = new float[rows];
            cuda.Run(features, rows, a);
            cpu.Run(features, rows, b);
            for (var i = 0; i < rows; i++)
                Assert.InRange(Math.Abs(a[i] - b[i]), 0, ParityProbe.Fp32Tolerance);
        }
    }

    [OnnxCudaFact]
    public void Auto_chooses_the_cuda_provider_first()
    {
        var selection = InferenceBackends.Select(TestRecords.ShippedModelPath,
            new ScoringOptions { ModelPath = TestRecords.ShippedModelPath, Device = ScoringDevice.Auto }, new ListLogger<OnnxScoringService>());
        using var backend = selection.Backend;

        Assert.Equal("cuda", backend.Device);
        Assert.Empty(selection.Rejections);
    }
}

/// <summary>A fact that runs only where ONNX Runtime's CUDA provider can be appended here; elsewhere skipped with its reason.</summary>
public sealed class OnnxCudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public OnnxCudaFactAttribute()
    {
        if (Unavailable.Value is { } reason)
            Skip = "ONNX Runtime's CUDA provider is not usable here: " + reason;
    }

    private static string? Probe()
    {
        try
        {
            using var runner = new RawOnnxRunner(TestRecords.ShippedModelPath, new ScoringOptions { Device = ScoringDevice.Cuda });
            return null;
        }
        catch (ScoringDeviceUnavailableException e)
        {
            return e.Reason;
        }
    }
}
