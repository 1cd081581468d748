using System.Runtime.InteropServices;
using Lepton.Monitor.Scoring.Onnx.Proto;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Reads an .onnx file into a <see cref="DenseGraph"/>, accepting only what the GPU backend runs entirely: Gemm
/// (alpha = beta = 1, transA = 0, transB 0 or 1, weights and bias as initializers) or MatMul followed by Add of an
/// initializer, each optionally followed by Relu, Sigmoid or Tanh; Identity and Flatten pass through. Anything else is
/// refused with the node and op, so such a model stays on ONNX Runtime.
/// </summary>
public static class DenseGraphReader
{
    public static readonly IReadOnlySet<string> SupportedOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "Gemm", "MatMul", "Add", "Relu", "Sigmoid", "Tanh", "Identity", "Flatten",
    };

    public static DenseGraph Read(string path) => Read(File.ReadAllBytes(path));

    /// <exception cref="UnsupportedGraphException">The graph is not a dense chain; the message names the node and op.</exception>
    public static DenseGraph Read(byte[] onnx)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new UnsupportedGraphException(null, null, $"not an ONNX model: {e.Message}");
        }
        var graph = model.Graph ?? throw new UnsupportedGraphException(null, null, "the model has no graph");
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !initializers.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1 || graph.Output.Count != 1)
            throw new UnsupportedGraphException(null, null, $"expected one input and one output, found {inputs.Count} and {graph.Output.Count}");

        var current = inputs[0].Name;
        var layers = new List<DenseLayer>();
        var lastIsOpen = false; // the last layer may still take a bias (MatMul → Add) or an activation
        var hasActivation = false;
        foreach (var node in graph.Node)
        {
            var name = string.IsNullOrEmpty(node.Name) ? node.OpType : node.Name;
            if (!string.IsNullOrEmpty(node.Domain) && node.Domain != "ai.onnx")
                throw new UnsupportedGraphException(name, node.OpType, $"operator domain '{node.Domain}' is not supported");
            if (!SupportedOps.Contains(node.OpType))
                throw new UnsupportedGraphException(name, node.OpType, $"op not supported by the GPU backend (supported: {string.Join(", ", SupportedOps)})");
            if (node.Input.Count == 0 || node.Input[0] != current)
                throw new UnsupportedGraphException(name, node.OpType, "the graph is not a single chain from the input");

            switch (node.OpType)
            {
                case "Gemm":
                    layers.Add(ReadGemm(node, name, initializers, layers.Count == 0 ? null : layers[^1].Outputs));
                    lastIsOpen = true;
                    hasActivation = false;
                    break;
                case "MatMul":
                    layers.Add(ReadMatMul(node, name, initializers, layers.Count == 0 ? null : layers[^1].Outputs));
                    lastIsOpen = true;
                    hasActivation = false;
                    break;
                case "Add":
                    if (!lastIsOpen || hasActivation || layers.Count == 0)
                        throw new UnsupportedGraphException(name, node.OpType, "Add is supported only as the bias right after a MatMul");
                    layers[^1] = layers[^1] with { Bias = Add(layers[^1].Bias, Vector(node, name, initializers, 1, layers[^1].Outputs)) };
                    break;
                case "Relu" or "Sigmoid" or "Tanh":
                    if (!lastIsOpen || hasActivation)
                        throw new UnsupportedGraphException(name, node.OpType, "an activation must follow a Gemm or MatMul(+Add) directly");
                    layers[^1] = layers[^1] with { Activation = Enum.Parse<DenseActivation>(node.OpType) };
                    hasActivation = true;
                    break;
                case "Flatten":
                    if (node.Attribute.FirstOrDefault(a => a.Name == "axis") is { } axis && axis.I != 1)
                        throw new UnsupportedGraphException(name, node.OpType, "only Flatten with axis 1 (a no-op on [N, F]) is supported");
                    break;
            }
            if (node.Output.Count != 1)
                throw new UnsupportedGraphException(name, node.OpType, "expected one output");
            current = node.Output[0];
        }
        if (layers.Count == 0)
            throw new UnsupportedGraphException(null, null, "the graph has no Gemm or MatMul layer");
        if (current != graph.Output[0].Name)
            throw new UnsupportedGraphException(null, null, $"the chain ends in '{current}', not the graph output '{graph.Output[0].Name}'");
        if (layers[^1].Outputs != 1)
            throw new UnsupportedGraphException(null, null, $"the last layer has {layers[^1].Outputs} outputs; a risk model has one");
        var metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new DenseGraph(inputs[0].Name, graph.Output[0].Name, layers, metadata);
    }

    private static DenseLayer ReadGemm(NodeProto node, string name, Dictionary<string, TensorProto> initializers, int? expectedInputs)
    {
        float Attr(string key, float fallback) => node.Attribute.FirstOrDefault(a => a.Name == key) is { } a ? a.F : fallback;
        long IntAttr(string key) => node.Attribute.FirstOrDefault(a => a.Name == key)?.I ?? 0;
        if (Attr("alpha", 1) != 1 || Attr("beta", 1) != 1)
            throw new UnsupportedGraphException(name, "Gemm", "alpha and beta must be 1");
        if (IntAttr("transA") != 0)
            throw new UnsupportedGraphException(name, "Gemm", "transA must be 0");
        var (b, dims) = Matrix(node, name, initializers, 1);
        var transB = IntAttr("transB") != 0;
        var (inputs, outputs) = transB ? ((int)dims[1], (int)dims[0]) : ((int)dims[0], (int)dims[1]);
        if (expectedInputs is { } e && e != inputs)
            throw new UnsupportedGraphException(name, "Gemm", $"takes {inputs} inputs but the previous layer gives {e}");
        var weights = transB ? Transpose(b, outputs, inputs) : b;
        var bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? Vector(node, name, initializers, 2, outputs) : new float[outputs];
        return new DenseLayer(inputs, outputs, weights, bias, DenseActivation.None);
    }

    private static DenseLayer ReadMatMul(NodeProto node, string name, Dictionary<string, TensorProto> initializers, int? expectedInputs)
    {
        var (w, dims) = Matrix(node, name, initializers, 1);
        if (expectedInputs is { } e && e != dims[0])
            throw new UnsupportedGraphException(name, "MatMul", $"takes {dims[0]} inputs but the previous layer gives {e}");
        return new DenseLayer((int)dims[0], (int)dims[1], w, new float[(int)dims[1]], DenseActivation.None);
    }

    private static (float[] Values, long[] Dims) Matrix(NodeProto node, string name, Dictionary<string, TensorProto> initializers, int index)
    {
        if (node.Input.Count <= index || !initializers.TryGetValue(node.Input[index], out var tensor))
            throw new UnsupportedGraphException(name, node.OpType, $"input {index} must be a weight initializer");
        var dims = tensor.Dims.ToArray();
        if (dims.Length != 2)
            throw new UnsupportedGraphException(name, node.OpType, $"weights must be 2-D, got [{string.Join(", ", dims)}]");
        return (Floats(tensor, name, node.OpType, dims[0] * dims[1]), dims);
    }

    private static float[] Vector(NodeProto node, string name, Dictionary<string, TensorProto> initializers, int index, int length)
    {
        var other = node.OpType == "Add" && node.Input.Count == 2 ? node.Input[1] : (node.Input.Count > index ? node.Input[index] : "");
        if (!initializers.TryGetValue(other, out var tensor))
            throw new UnsupportedGraphException(name, node.OpType, "the bias must be an initializer");
        var count = tensor.Dims.Aggregate(1L, (a, d) => a * d);
        if (count != length)
            throw new UnsupportedGraphException(name, node.OpType, $"bias has {count} values, the layer has {length} outputs");
        return Floats(tensor, name, node.OpType, count);
    }

    private static float[] Floats(TensorProto tensor, string name, string op, long count)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
            throw new UnsupportedGraphException(name, op, $"initializer '{tensor.Name}' is not float32");
        if (tensor.RawData.Length > 0)
        {
            if (tensor.RawData.Length != count * 4)
                throw new UnsupportedGraphException(name, op, $"initializer '{tensor.Name}' has {tensor.RawData.Length} bytes for {count} floats");
            return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray(); // ONNX raw data is little-endian, as is x64
        }
        if (tensor.FloatData.Count != count)
            throw new UnsupportedGraphException(name, op, $"initializer '{tensor.Name}' has {tensor.FloatData.Count} values for {count}");
        return [.. tensor.FloatData];
    }

    private static float[] Transpose(float[] m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                t[c * rows + r] = m[r * cols + c];
        return t;
    }

    private static float[] Add(float[] a, float[] b)
    {
        var sum = new float[a.Length];
        for (var i = 0; i < a.Length; i++)
            sum[i] = a[i] + b[i];
        return sum;
    }
}
