namespace Lepton.Monitor.Scoring.Tests.Gpu;

/// <summary>
/// The cuBLASLt backend's model reading and math without a GPU: which graphs it accepts (and why it refuses the others),
/// weights read from the .onnx equal to ONNX Runtime when the same math runs on the CPU reference path, and the device
/// selection and per-batch fallback on this machine, which has no NVIDIA driver.
/// </summary>
public sealed class DenseGraphTests
{
    private static float[] Run(IInferenceBackend backend, float[] features, int rows)
    {
        var scores = new float[rows];
        backend.Run(features, rows, scores);
        return scores;
    }

    [Fact]
    public void The_shipped_mlp_is_read_from_its_onnx_file_and_its_cpu_math_equals_onnx_runtime()
    {
        var graph = DenseGraphReader.Read(TestRecords.ShippedModelPath);
        Assert.Equal(2, graph.Layers.Count);
        Assert.Equal((19, 16, DenseActivation.Relu), (graph.Layers[0].Inputs, graph.Layers[0].Outputs, graph.Layers[0].Activation));
        Assert.Equal((16, 1, DenseActivation.Sigmoid), (graph.Layers[1].Inputs, graph.Layers[1].Outputs, graph.Layers[1].Activation));
        Assert.Equal("1.0.0", graph.Metadata["version"]);

        using var ort = new RawOnnxRunner(TestRecords.ShippedModelPath, new ScoringOptions { Device = ScoringDevice.Cpu });
        var features = ParityProbe.Features();
        var expected = Run(ort, features, ParityProbe.Rows);
        var actual = new float[ParityProbe.Rows];
        new DenseGraphCpu(graph).Run(features, ParityProbe.Rows, actual);
        for (var i = 0; i < actual.Length; i++)
            Assert.InRange(Math.Abs(actual[i] - expected[i]), 0, 1e-5);
        Assert.Contains(expected, s => s > 0.2f); // the probe exercises the model, not only its floor
    }

    [Fact]
    public void MatMul_Add_Tanh_Identity_and_Flatten_are_accepted_and_match_onnx_runtime()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "matmul.onnx");
        File.WriteAllBytes(path, TestGraphs.MatMulAddTanh());
        var graph = DenseGraphReader.Read(path);
        Assert.Equal([DenseActivation.Tanh, DenseActivation.Sigmoid], graph.Layers.Select(l => l.Activation));

        using var ort = new RawOnnxRunner(path, new ScoringOptions { Device = ScoringDevice.Cpu });
        var features = ParityProbe.Features();
        var expected = Run(ort, features, 64);
        var actual = new float[64];
        new DenseGraphCpu(graph).Run(features, 64, actual);
        for (var i = 0; i < actual.Length; i++)
            Assert.InRange(Math.Abs(actual[i] - expected[i]), 0, 1e-5);
    }

    [Theory]
    [InlineData("LeakyRelu")]
    [InlineData("Softmax")]
    [InlineData("Exp")]
    public void A_graph_with_another_op_is_refused_naming_the_node_and_op(string op)
    {
        var e = Assert.Throws<UnsupportedGraphException>(() => DenseGraphReader.Read(TestGraphs.WithOp(op)));
        Assert.Equal("odd_node", e.Node);
        Assert.Equal(op, e.Op);
        Assert.Contains($"node 'odd_node' ({op})", e.Message);
    }

    [Fact]
    public void The_tree_ensemble_and_odd_gemms_stay_on_onnx_runtime()
    {
        var trees = Assert.Throws<UnsupportedGraphException>(() => DenseGraphReader.Read(TestRecords.ShippedGbdtModelPath));
        Assert.Equal("TreeEnsembleRegressor", trees.Op);
        Assert.Contains("ai.onnx.ml", trees.Message);
        Assert.Contains("transA", Assert.Throws<UnsupportedGraphException>(() => DenseGraphReader.Read(TestGraphs.GemmTransA())).Message);
        Assert.Contains("not an ONNX model", Assert.Throws<UnsupportedGraphException>(() => DenseGraphReader.Read([1, 2, 3, 4, 5])).Message);
    }

    [WithoutNvidiaDriverFact]
    public void Without_the_nvidia_driver_the_backend_says_why_and_cublas_is_refused_while_auto_serves_on_the_cpu()
    {
        var e = Assert.Throws<GpuUnavailableException>(() => CublasLtBackend.Create(DenseGraphReader.Read(TestRecords.ShippedModelPath), 64));
        Assert.Contains("libcuda.so.1", e.Message);

        var cublas = Assert.Throws<ScoringDeviceUnavailableException>(() =>
            new OnnxScoringService(new ScoringOptions { ModelPath = TestRecords.ShippedModelPath, Device = ScoringDevice.Cublas }, FixedRateCurrencyConverter.Default));
        Assert.Equal(ScoringDevice.Cublas, cublas.Device);
        Assert.Contains("libcuda.so.1", cublas.Message);

        var logger = new ListLogger<OnnxScoringService>();
        using var _ = new OnnxScoringServiceHandle(new OnnxScoringService(
            new ScoringOptions { ModelPath = TestRecords.ShippedModelPath, Device = ScoringDevice.Auto }, FixedRateCurrencyConverter.Default, logger), out var service);
        Assert.Equal("cpu", service.Model.Device);
        Assert.Contains(logger.Entries, l => l.Message.Contains("provider cublas not used") && l.Message.Contains("libcuda.so.1"));
    }

    [Fact]
    public void A_gpu_error_scores_that_batch_on_the_cpu_and_is_counted()
    {
        using var cpu = new RawOnnxRunner(TestRecords.ShippedModelPath, new ScoringOptions { Device = ScoringDevice.Cpu });
        var logger = new ListLogger<OnnxScoringService>();
        var backend = new GpuFallbackBackend(new FailingGpu(cpu), new RawOnnxRunner(TestRecords.ShippedModelPath, new ScoringOptions { Device = ScoringDevice.Cpu }), logger);
        var features = ParityProbe.Features();

        var scores = Run(backend, features, 32);

        Assert.Equal(Run(cpu, features, 32), scores);
        Assert.Equal(1, backend.FallbackCount);
        Assert.Equal("cublas", backend.Device);
        Assert.Contains(logger.Entries, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Message.Contains("cuMemcpyHtoDAsync"));
        backend.Dispose();
    }

    [Fact]
    public void A_written_dense_graph_reads_back_identically_and_onnx_runtime_agrees_with_the_cpu_path()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "mlp-0.0.1.onnx");
        var graph = DenseOnnxWriter.RandomMlp(FeatureExtractor.FeatureCount, [32, 8], seed: 3);
        DenseOnnxWriter.Write(graph, "mlp", "0.0.1", path);

        var read = DenseGraphReader.Read(path);
        Assert.Equal(graph.Layers.Select(l => (l.Inputs, l.Outputs, l.Activation)), read.Layers.Select(l => (l.Inputs, l.Outputs, l.Activation)));
        for (var i = 0; i < graph.Layers.Count; i++)
        {
            Assert.Equal(graph.Layers[i].Weights, read.Layers[i].Weights);
            Assert.Equal(graph.Layers[i].Bias, read.Layers[i].Bias);
        }
        Assert.Equal("0.0.1", read.Metadata["version"]);

        using var ort = new RawOnnxRunner(path, new ScoringOptions { Device = ScoringDevice.Cpu });
        var features = ParityProbe.Features();
        var expected = Run(ort, features, ParityProbe.Rows);
        var actual = new float[ParityProbe.Rows];
        new DenseGraphCpu(read).Run(features, ParityProbe.Rows, actual);
        for (var i = 0; i < actual.Length; i++)
            Assert.InRange(Math.Abs(actual[i] - expected[i]), 0, 1e-5);
        Assert.True(expected.Max() - expected.Min() > 0.05, "the random MLP's scores should spread, not saturate");
        Assert.Equal(1_071_105, DenseOnnxWriter.RandomMlp(FeatureExtractor.FeatureCount, [1024, 1024], 1).ParameterCount);
    }

    /// <summary>
    /// A fact about a machine without the NVIDIA driver: where libcuda.so.1 loads it is skipped with that reason (reported
    /// as skipped, not passed), since there the GPU tests cover the backend.
    /// </summary>
    internal sealed class WithoutNvidiaDriverFactAttribute : FactAttribute
    {
        public WithoutNvidiaDriverFactAttribute()
        {
            if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.NativeLibrary.TryLoad("libcuda.so.1", out var handle))
            {
                System.Runtime.InteropServices.NativeLibrary.Free(handle);
                Skip = "the NVIDIA driver (libcuda.so.1) is installed here: this fact is about a machine without it; the GPU tests cover this one";
            }
        }
    }

    /// <summary>A GPU backend whose device was lost.</summary>
    private sealed class FailingGpu(IInferenceBackend shape) : IInferenceBackend
    {
        public string Device => "cublas";
        public string InputName => shape.InputName;
        public string OutputName => shape.OutputName;
        public int FeatureCount => shape.FeatureCount;
        public IReadOnlyDictionary<string, string> Metadata => shape.Metadata;
        public void Run(float[] features, int rows, float[] scores) => throw new CudaException("cuMemcpyHtoDAsync", 999, "CUDA_ERROR_UNKNOWN");
        public void Dispose() { }
    }

    private sealed class OnnxScoringServiceHandle : IDisposable
    {
        private readonly OnnxScoringService _service;
        public OnnxScoringServiceHandle(OnnxScoringService service, out OnnxScoringService exposed) => _service = exposed = service;
        public void Dispose() => _service.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
