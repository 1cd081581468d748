using Lepton.Monitor.Scoring;
using Lepton.Monitor.Scoring.Onnx.Proto;
using static Lepton.Monitor.Scoring.OnnxGraphParts;

namespace Lepton.Monitor.Training;

/// <summary>
/// Writes an <see cref="MlpWeights"/> perceptron as an ONNX model without Python:
/// <c>features</c> float32 [N, F] → Gemm → Relu → Gemm → Sigmoid → <c>score</c> float32 [N, 1], N dynamic.
/// </summary>
internal static class MlpOnnxWriter
{
    public const long IrVersion = OnnxGraphParts.IrVersion;
    public const long Opset = OnnxGraphParts.Opset;

    public static ModelProto Build(MlpWeights weights, OnnxModelDescription description)
    {
        if (description.FeatureNames.Count != weights.Inputs)
            throw new ArgumentException($"{description.FeatureNames.Count} feature names for {weights.Inputs} inputs");

        var graph = new GraphProto { Name = description.Name, DocString = description.DocString };
        graph.Input.Add(FloatMatrix(description.InputName, weights.Inputs));
        graph.Output.Add(FloatMatrix(description.OutputName, 1));

        graph.Initializer.Add(FloatTensor("W1", weights.W1, weights.Hidden, weights.Inputs));
        graph.Initializer.Add(FloatTensor("B1", weights.B1, weights.Hidden));
        graph.Initializer.Add(FloatTensor("W2", weights.W2, 1, weights.Hidden));
        graph.Initializer.Add(FloatTensor("B2", [weights.B2], 1));

        graph.Node.Add(Gemm("hidden_gemm", description.InputName, "W1", "B1", "hidden_linear"));
        graph.Node.Add(Node("hidden_relu", "Relu", ["hidden_linear"], ["hidden"]));
        graph.Node.Add(Gemm("output_gemm", "hidden", "W2", "B2", "logit"));
        graph.Node.Add(Node("output_sigmoid", "Sigmoid", ["logit"], [description.OutputName]));
        return Model(graph, description);
    }

    public static void Write(MlpWeights weights, OnnxModelDescription description, string path) =>
        OnnxGraphParts.Write(Build(weights, description), path);

    private static NodeProto Gemm(string name, string a, string b, string c, string output)
    {
        var node = Node(name, "Gemm", [a, b, c], [output]);
        node.Attribute.Add(Int("transB", 1));
        return node;
    }
}
