namespace Lepton.Monitor.Scoring.Tests.Gpu;

/// <summary>On a machine with an NVIDIA GPU: the cuBLASLt backend equals ONNX Runtime CPU to 1e-5 (fp32), at batch sizes across plan buckets.</summary>
public sealed class CublasLtParityTests
{
    [GpuFact]
    public void Fp32_scores_equal_onnx_runtime_cpu_within_1e_5()
    {
        using var gpu = CublasLtBackend.Create(DenseGraphReader.Read(TestRecords.ShippedModelPath), 4096);
        using var cpu = new RawOnnxRunner(TestRecords.ShippedModelPath, new ScoringOptions { Device = ScoringDevice.Cpu });
        var probe = ParityProbe.Features();
        var features = new float[4096 * FeatureExtractor.FeatureCount];
        for (var i = 0; i < features.Length; i += probe.Length)
            probe.AsSpan(0, Math.Min(probe.Length, features.Length - i)).CopyTo(features.AsSpan(i));
        foreach (var rows in new[] { 1, 7, 64, 65, 513, 4096 })
        {
            var a = new float[rows];
            var b = new float[rows];
            gpu.Run(features, rows, a);
            cpu.Run(features, rows, b);
            for (var i = 0; i < rows; i++)
                Assert.InRange(Math.Abs(a[i] - b[i]), 0, ParityProbe.Fp32Tolerance);
        }
    }

    [GpuFact]
    public async Task The_service_on_device_cublas_reports_it_and_scores_like_the_cpu()
    {
        await using var service = new OnnxScoringService(
            new ScoringOptions { ModelPath = TestRecords.ShippedModelPath, Device = ScoringDevice.Cublas }, FixedRateCurrencyConverter.Default);
        Assert.Equal("cublas", service.Model.Device);
        using var reference = new ReferenceScorer(TestRecords.ShippedModelPath);
        var records = TestRecords.Generated(300);
        var scores = await service.ScoreAsync(records);
        for (var i = 0; i < records.Length; i++)
            Assert.InRange(Math.Abs(scores[i].Score - reference.Score(records[i])), 0, ParityProbe.Fp32Tolerance);
    }
}
