using System.Runtime.InteropServices;
using Google.Protobuf;
using Lepton.Monitor.Scoring.Onnx.Proto;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// The protobuf pieces both model writers share: the [N, F] float value infos, float initializers, nodes, and the
/// model envelope with the metadata a loaded session is matched to its card by.
/// </summary>
internal static class OnnxGraphParts
{
    /// <summary>IR version 8 (ONNX 1.10+): every ORT since 1.10 reads it, including 1.31.</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain opset; Gemm-13, Relu-14 and Sigmoid-13 are the versions in force at 17.</summary>
    public const long Opset = 17;

    public const string ProducerName = "lepton-monitor";
    public const string BatchDimension = "N";

    public static ValueInfoProto FloatMatrix(string name, long width)
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

    public static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // raw_data is little-endian by spec; every platform .NET runs ORT on is little-endian.
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    }

    public static NodeProto Node(string name, string opType, string[] inputs, string[] outputs, string domain = "")
    {
        var node = new NodeProto { Name = name, OpType = opType };
        if (domain.Length > 0)
            node.Domain = domain;
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Floats(string name, IEnumerable<float> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        a.Floats.AddRange(values);
        return a;
    }

    public static AttributeProto Strings(string name, IEnumerable<string> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        a.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return a;
    }

    /// <summary>Wraps <paramref name="graph"/> with IR version, producer, opset imports and name/version/features metadata.</summary>
    public static ModelProto Model(GraphProto graph, OnnxModelDescription description, params OperatorSetIdProto[] extraOpsets)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = typeof(OnnxGraphParts).Assembly.GetName().Version?.ToString() ?? "0.0.0",
            Domain = "ai.lepton",
            ModelVersion = 1,
            DocString = description.DocString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.OpsetImport.AddRange(extraOpsets);
        // Readable through ORT's ModelMetadata.CustomMetadataMap, so a loaded model can be matched to its card.
        model.MetadataProps.Add(new StringStringEntryProto { Key = "name", Value = description.Name });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "version", Value = description.Version });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "features", Value = string.Join(',', description.FeatureNames) });
        return model;
    }

    public static void Write(ModelProto model, string path)
    {
        using var stream = File.Create(path);
        model.WriteTo(stream);
    }
}
