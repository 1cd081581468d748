using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Lepton.Monitor.Scoring.Onnx.Proto;

namespace Lepton.Monitor.Scoring.Tests;

/// <summary>
/// An upload can never make the server read its own files (ONNX external data) or leak through the validator's
/// messages (no server paths, no values the graph computed).
/// </summary>
public sealed class ModelUploadSafetyTests
{
    private static readonly ModelValidator Validator = new();

    private static byte[] MlpCard => File.ReadAllBytes(ModelCard.PathFor(TestRecords.ShippedModelPath));

    private static ModelProto Mlp() => ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestRecords.ShippedModelPath));

    /// <summary>What the reported attack used: a tensor whose bytes are "in" the server's database file.</summary>
    private static void PointAtServerFile(TensorProto tensor, bool setLocation = true)
    {
        tensor.RawData = ByteString.Empty;
        tensor.FloatData.Clear();
        if (setLocation)
            tensor.DataLocation = 1; // EXTERNAL
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "data/lepton.db" });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "0" });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = "4" });
    }

    private static void AssertRefusedWithoutPath(byte[] onnx, string expected)
    {
        var result = Validator.Validate(onnx, MlpCard);
        Assert.False(result.IsValid, "expected the upload to be refused");
        Assert.Contains(expected, result.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("lepton.db", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("/", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_initializer_stored_as_external_data_is_refused_with_a_reason_that_names_no_path()
    {
        var model = Mlp();
        PointAtServerFile(model.Graph.Initializer[0]);
        AssertRefusedWithoutPath(model.ToByteArray(), "external data");
    }

    [Fact]
    public void External_data_entries_without_the_location_flag_are_refused_too()
    {
        var model = Mlp();
        PointAtServerFile(model.Graph.Initializer[^1], setLocation: false);
        AssertRefusedWithoutPath(model.ToByteArray(), "external data");
    }

    [Fact]
    public void An_external_tensor_in_an_attribute_subgraph_is_refused()
    {
        var model = Mlp();
        var tensor = model.Graph.Initializer[0].Clone();
        PointAtServerFile(tensor);
        var body = new GraphProto { Name = "body" };
        body.Initializer.Add(tensor);
        model.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "smuggled", Type = AttributeProto.Types.AttributeType.Graph, G = body });
        AssertRefusedWithoutPath(model.ToByteArray(), "external data");

        var direct = Mlp();
        var attributeTensor = direct.Graph.Initializer[0].Clone();
        PointAtServerFile(attributeTensor);
        direct.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "smuggled", Type = AttributeProto.Types.AttributeType.Tensor, T = attributeTensor });
        AssertRefusedWithoutPath(direct.ToByteArray(), "external data");
    }

    [Fact]
    public void A_probe_run_error_names_no_server_path_and_quotes_no_computed_value()
    {
        // Loads (Reshape [N, 19] → [-1, 7] → [-1, 19] infers fine) but fails at run time: 65 probe rows × 19 is no multiple of 7.
        // ONNX Runtime's own message names its source file and the runtime shapes.
        var model = Mlp();
        var input = model.Graph.Input.Single(i => model.Graph.Initializer.All(t => t.Name != i.Name)).Name;
        foreach (var node in model.Graph.Node)
            for (var i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == input)
                    node.Input[i] = "reshaped_back";
        model.Graph.Initializer.Add(Shape("shape_7", -1, 7));
        model.Graph.Initializer.Add(Shape("shape_19", -1, FeatureExtractor.FeatureCount));
        model.Graph.Node.Insert(0, Reshape("r2", "reshaped_7", "shape_19", "reshaped_back"));
        model.Graph.Node.Insert(0, Reshape("r1", input, "shape_7", "reshaped_7"));

        var result = Validator.Validate(model.ToByteArray(), MlpCard);
        Assert.False(result.IsValid);
        Assert.StartsWith("probe run failed", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("/", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("65", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("ONNXRuntimeError", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_model_with_external_data_is_not_loaded_by_the_scoring_pool()
    {
        // A model stored before uploads were checked: the pool refuses it instead of letting ORT read beside it.
        using var dir = new TempDirectory();
        var model = Mlp();
        PointAtServerFile(model.Graph.Initializer[0]);
        var path = dir.File("smuggler-1.0.0.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        var card = JsonNode.Parse(MlpCard)!.AsObject();
        card["name"] = "smuggler";
        File.WriteAllBytes(ModelCard.PathFor(path), Encoding.UTF8.GetBytes(card.ToJsonString()));

        await using var pool = new ScoringServicePool(_ => path, new ScoringOptions { ModelPath = path, Device = ScoringDevice.Cpu }, FixedRateCurrencyConverter.Default);
        var e = Assert.Throws<ModelLoadException>(() => pool.Get("smuggler-1.0.0"));
        Assert.Contains("external data", e.Message, StringComparison.Ordinal);
    }

    private static TensorProto Shape(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        return tensor;
    }

    private static NodeProto Reshape(string name, string data, string shape, string output)
    {
        var node = new NodeProto { Name = name, OpType = "Reshape" };
        node.Input.Add(data);
        node.Input.Add(shape);
        node.Output.Add(output);
        return node;
    }
}
