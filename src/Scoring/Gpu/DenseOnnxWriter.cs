using Lepton.Monitor.Scoring.Onnx.Proto;
using static Lepton.Monitor.Scoring.OnnxGraphParts;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Writes a <see cref="DenseGraph"/> as ONNX (Gemm per layer, then its activation): how benchmarks make MLPs larger than
/// the shipped one (e.g. the 1M-parameter model of the GPU measurements) with the product's feature contract.
/// </summary>
public static class DenseOnnxWriter
{
    public static void Write(DenseGraph graph, string name, string version, string path)
    {
        var g = new GraphProto { Name = name };
        g.Input.Add(FloatMatrix(graph.InputName, graph.InputWidth));
        g.Output.Add(FloatMatrix(graph.OutputName, 1));
        var current = graph.InputName;
        for (var i = 0; i < graph.Layers.Count; i++)
        {
            var layer = graph.Layers[i];
            g.Initializer.Add(FloatTensor($"W{i}", layer.Weights, layer.Inputs, layer.Outputs));
            g.Initializer.Add(FloatTensor($"B{i}", layer.Bias, layer.Outputs));
            var last = i == graph.Layers.Count - 1;
            var linear = layer.Activation == DenseActivation.None && last ? graph.OutputName : $"linear{i}";
            g.Node.Add(Node($"gemm{i}", "Gemm", [current, $"W{i}", $"B{i}"], [linear]));
            current = linear;
            if (layer.Activation != DenseActivation.None)
            {
                var output = last ? graph.OutputName : $"act{i}";
                g.Node.Add(Node($"{layer.Activation.ToString().ToLowerInvariant()}{i}", layer.Activation.ToString(), [current], [output]));
                current = output;
            }
        }
        var features = graph.Metadata.TryGetValue("features", out var f) ? f.Split(',') : FeatureExtractor.FeatureNames.ToArray();
        OnnxGraphParts.Write(Model(g, new OnnxModelDescription(name, version, graph.InputName, graph.OutputName, features, $"{name}: dense {graph.ParameterCount:N0} parameters")), path);
    }

    /// <summary>
    /// A random MLP F → hidden… → 1 (ReLU hidden layers, sigmoid output), weights scaled by 1/√fan-in so scores stay
    /// spread over (0, 1): 19 → 1024 → 1024 → 1 has 1,071,105 parameters, the size of the GPU note's benchmark model.
    /// </summary>
    public static DenseGraph RandomMlp(int inputs, IReadOnlyList<int> hidden, int seed)
    {
        var random = new Random(seed);
        var widths = new[] { inputs }.Concat(hidden).Append(1).ToArray();
        var layers = new List<DenseLayer>();
        for (var i = 0; i + 1 < widths.Length; i++)
        {
            var scale = 1.0 / Math.Sqrt(widths[i]);
            var weights = new float[widths[i] * widths[i + 1]];
            for (var k = 0; k < weights.Length; k++)
                weights[k] = (float)((random.NextDouble() * 2 - 1) * scale * 1.7);
            var bias = new float[widths[i + 1]];
            for (var k = 0; k < bias.Length; k++)
                bias[k] = (float)((random.NextDouble() - 0.5) * 0.1);
            layers.Add(new DenseLayer(widths[i], widths[i + 1], weights, bias, i + 2 == widths.Length ? DenseActivation.Sigmoid : DenseActivation.Relu));
        }
        return new DenseGraph(ModelTensorNames.Input, ModelTensorNames.Output, layers, new Dictionary<string, string>());
    }
}
