using Lepton.Monitor.Scoring.Onnx.Proto;
using static Lepton.Monitor.Scoring.OnnxGraphParts;

namespace Lepton.Monitor.Scoring.Tests.Gpu;

/// <summary>Small hand-built ONNX graphs: the accepted forms (MatMul+Add, Tanh, Identity, Flatten) and refused ones.</summary>
internal static class TestGraphs
{
    public const int Inputs = FeatureExtractor.FeatureCount;

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5))];
    }

    /// <summary>features → Identity → MatMul(W1 [19, 8]) → Add(b1) → Tanh → Flatten → Gemm(W2 [8, 1], no transB) → Sigmoid → score.</summary>
    public static byte[] MatMulAddTanh()
    {
        var graph = new GraphProto { Name = "matmul-add-tanh" };
        graph.Input.Add(FloatMatrix("features", Inputs));
        graph.Output.Add(FloatMatrix("score", 1));
        graph.Initializer.Add(FloatTensor("W1", Values(Inputs * 8, 1), Inputs, 8));
        graph.Initializer.Add(FloatTensor("b1", Values(8, 2), 8));
        graph.Initializer.Add(FloatTensor("W2", Values(8, 3), 8, 1));
        graph.Initializer.Add(FloatTensor("b2", Values(1, 4), 1));
        graph.Node.Add(Node("id", "Identity", ["features"], ["x"]));
        graph.Node.Add(Node("mm", "MatMul", ["x", "W1"], ["h0"]));
        graph.Node.Add(Node("bias", "Add", ["h0", "b1"], ["h1"]));
        graph.Node.Add(Node("act", "Tanh", ["h1"], ["h2"]));
        var flatten = Node("flat", "Flatten", ["h2"], ["h3"]);
        flatten.Attribute.Add(Int("axis", 1));
        graph.Node.Add(flatten);
        graph.Node.Add(Node("out", "Gemm", ["h3", "W2", "b2"], ["logit"]));
        graph.Node.Add(Node("sig", "Sigmoid", ["logit"], ["score"]));
        return Serialize(graph);
    }

    /// <summary>A graph with one unsupported node (e.g. LeakyRelu or Softmax) in the middle.</summary>
    public static byte[] WithOp(string op)
    {
        var graph = new GraphProto { Name = "unsupported" };
        graph.Input.Add(FloatMatrix("features", Inputs));
        graph.Output.Add(FloatMatrix("score", 1));
        graph.Initializer.Add(FloatTensor("W", Values(Inputs, 5), Inputs, 1));
        graph.Node.Add(Node("mm", "MatMul", ["features", "W"], ["h"]));
        graph.Node.Add(Node("odd_node", op, ["h"], ["score"]));
        return Serialize(graph);
    }

    /// <summary>Gemm with transA = 1 (not an MLP layer as the backend lays it out).</summary>
    public static byte[] GemmTransA()
    {
        var graph = new GraphProto { Name = "transA" };
        graph.Input.Add(FloatMatrix("features", Inputs));
        graph.Output.Add(FloatMatrix("score", 1));
        graph.Initializer.Add(FloatTensor("W", Values(Inputs, 6), Inputs, 1));
        var gemm = Node("g", "Gemm", ["features", "W"], ["score"]);
        gemm.Attribute.Add(Int("transA", 1));
        graph.Node.Add(gemm);
        return Serialize(graph);
    }

    private static byte[] Serialize(GraphProto graph)
    {
        var model = Model(graph, new OnnxModelDescription("test", "0.0.1", "features", "score", FeatureExtractor.FeatureNames, "test graph"));
        using var stream = new MemoryStream();
        using (var output = new Google.Protobuf.CodedOutputStream(stream, leaveOpen: true))
            model.WriteTo(output);
        return stream.ToArray();
    }
}
