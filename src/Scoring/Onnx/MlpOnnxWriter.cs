using System.Runtime.InteropServices;
using Google.Protobuf;
using Lepton.Monitor.Scoring.Onnx.Proto;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Writes an <see cref="MlpWeights"/> perceptron as an ONNX model without Python:
/// <c>features</c> float32 [N, F] → Gemm → Relu → Gemm → Sigmoid → <c>score</c> float32 [N, 1], N dynamic.
/// </summary>
internal static class MlpOnnxWriter
{
    /// <summary>IR version 8 (ONNX 1.10+): every ORT since 1.10 reads it, including 1.31.</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain opset; Gemm-13, Relu-14 and Sigmoid-13 are the versions in force at 17.</summary>
    public const long Opset = 17;

    public const string ProducerName = "lepton-monitor";
    public const string BatchDimension = "N";

    public static ModelProto Build(MlpWeights weights, MlpOnnxModelDescription description)
    {
        if (description.FeatureNames.Count != weights.Inputs)
            throw new ArgumentException($"{description.FeatureNames.Count} feature names for {weights.Inputs} inputs");

        var graph = new GraphProto { Name = description.Name, DocString = description.DocString };
        graph.Input.Add(TensorValue(description.InputName, weights.Inputs));
        graph.Output.Add(TensorValue(description.OutputName, 1));

        graph.Initializer.Add(FloatTensor("W1", weights.W1, weights.Hidden, weights.Inputs));
        graph.Initializer.Add(FloatTensor("B1", weights.B1, weights.Hidden));
        graph.Initializer.Add(FloatTensor("W2", weights.W2, 1, weights.Hidden));
        graph.Initializer.Add(FloatTensor("B2", [weights.B2], 1));

        graph.Node.Add(Gemm("hidden_gemm", description.InputName, "W1", "B1", "hidden_linear"));
        graph.Node.Add(Node("hidden_relu", "Relu", ["hidden_linear"], ["hidden"]));
        graph.Node.Add(Gemm("output_gemm", "hidden", "W2", "B2", "logit"));
        graph.Node.Add(Node("output_sigmoid", "Sigmoid", ["logit"], [description.OutputName]));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = typeof(MlpOnnxWriter).Assembly.GetName().Version?.ToString() ?? "0.0.0",
            Domain = "ai.lepton",
            ModelVersion = 1,
            DocString = description.DocString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        // Readable through ORT's ModelMetadata.CustomMetadataMap, so a loaded model can be matched to its card.
        model.MetadataProps.Add(new StringStringEntryProto { Key = "name", Value = description.Name });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "version", Value = description.Version });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "features", Value = string.Join(',', description.FeatureNames) });
        return model;
    }

    public static void Write(MlpWeights weights, MlpOnnxModelDescription description, string path)
    {
        var model = Build(weights, description);
        using var stream = File.Create(path);
        model.WriteTo(stream);
    }

    private static ValueInfoProto TensorValue(string name, long width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }

    private static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // raw_data is little-endian by spec; every platform .NET runs ORT on is little-endian.
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    }

    private static NodeProto Gemm(string name, string a, string b, string c, string output)
    {
        var node = Node(name, "Gemm", [a, b, c], [output]);
        node.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        return node;
    }

    private static NodeProto Node(string name, string opType, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }
}
