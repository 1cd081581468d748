using Lepton.Monitor.Scoring.Onnx.Proto;
using Lepton.Monitor.Training;
using Microsoft.ML.OnnxRuntime;

namespace Lepton.Monitor.Scoring.Tests;

public sealed class OnnxExportTests
{
    private static OnnxModelDescription Describe(int inputs) =>
        new("test-mlp", "0.0.1", "features", "score", Enumerable.Range(0, inputs).Select(i => $"f{i}").ToArray(), "test");

    [Theory]
    [InlineData(FeatureExtractor.FeatureCount, 16, 1)]
    [InlineData(7, 5, 2)]
    [InlineData(3, 2, 3)]
    public void Onnx_runtime_output_equals_the_reference_forward_pass(int inputs, int hidden, int seed)
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.onnx");
        var weights = MlpWeights.Random(inputs, hidden, seed);
        MlpOnnxWriter.Write(weights, Describe(inputs), path);

        const int rows = 257;
        var random = new Random(seed + 100);
        var x = new float[rows * inputs];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 6 - 3);
        var scores = new float[rows];

        using var runner = new RawOnnxRunner(path, new ScoringOptions { Device = ScoringDevice.Cpu });
        runner.Run(x, rows, scores);

        var distinct = new HashSet<float>();
        for (var r = 0; r < rows; r++)
        {
            var expected = weights.Predict(x.AsSpan(r * inputs, inputs));
            Assert.InRange(Math.Abs(expected - scores[r]), 0, 1e-5);
            distinct.Add(scores[r]);
        }
        Assert.True(distinct.Count > rows / 4, "scores should vary with the input, not be constant");
    }

    [Fact]
    public void Written_model_declares_ir_opset_dynamic_batch_and_metadata()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.onnx");
        MlpOnnxWriter.Write(MlpWeights.Random(4, 3, 9), Describe(4), path);

        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, Assert.Single(model.OpsetImport).Version);
        Assert.Equal(["Gemm", "Relu", "Gemm", "Sigmoid"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal("N", model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);

        using var session = new InferenceSession(path);
        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("features", input.Key);
        Assert.Equal([-1, 4], input.Value.Dimensions);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("score", output.Key);
        Assert.Equal([-1, 1], output.Value.Dimensions);
        Assert.Equal("0.0.1", session.ModelMetadata.CustomMetadataMap["version"]);
        Assert.Equal("f0,f1,f2,f3", session.ModelMetadata.CustomMetadataMap["features"]);
    }

    [Fact]
    public void Runner_rejects_buffers_too_small_for_the_rows()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.onnx");
        MlpOnnxWriter.Write(MlpWeights.Random(4, 3, 9), Describe(4), path);
        using var runner = new RawOnnxRunner(path);

        Assert.Equal(4, runner.FeatureCount);
        Assert.Throws<ArgumentException>(() => runner.Run(new float[7], 2, new float[2]));
        Assert.Throws<ArgumentException>(() => runner.Run(new float[8], 2, new float[1]));
    }
}
