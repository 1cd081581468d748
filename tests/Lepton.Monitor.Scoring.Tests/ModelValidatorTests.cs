using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Lepton.Monitor.Scoring.Onnx.Proto;

namespace Lepton.Monitor.Scoring.Tests;

public sealed class ModelValidatorTests
{
    private static readonly ModelValidator Validator = new();

    private static byte[] MlpBytes => File.ReadAllBytes(TestRecords.ShippedModelPath);
    private static byte[] MlpCard => File.ReadAllBytes(ModelCard.PathFor(TestRecords.ShippedModelPath));

    /// <summary>The shipped MLP, changed by <paramref name="edit"/>.</summary>
    private static byte[] EditedMlp(Action<ModelProto> edit)
    {
        var model = ModelProto.Parser.ParseFrom(MlpBytes);
        edit(model);
        return model.ToByteArray();
    }

    private static byte[] EditedCard(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(MlpCard)!.AsObject();
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static void AssertInvalid(byte[] onnx, byte[] card, string expected)
    {
        var result = Validator.Validate(onnx, card);
        Assert.False(result.IsValid, "expected the upload to be refused");
        Assert.Null(result.Card);
        Assert.Contains(expected, result.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TestRecords.ShippedModels), MemberType = typeof(TestRecords))]
    public void Shipped_models_are_valid(string path)
    {
        var result = Validator.Validate(File.ReadAllBytes(path), File.ReadAllBytes(ModelCard.PathFor(path)));
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(Path.GetFileNameWithoutExtension(path), result.Card!.ModelId);
    }

    [Fact]
    public void Bytes_that_are_not_onnx_are_refused() =>
        AssertInvalid(Encoding.UTF8.GetBytes("<html>definitely not a model</html>"), MlpCard, "not ONNX");

    [Fact]
    public void An_empty_or_truncated_model_is_refused()
    {
        AssertInvalid([], MlpCard, "empty");
        AssertInvalid(MlpBytes[..(MlpBytes.Length / 2)], MlpCard, "not ONNX");
    }

    [Fact]
    public void Invalid_card_json_is_refused()
    {
        AssertInvalid(MlpBytes, Encoding.UTF8.GetBytes("{ \"name\": "), "card");
        AssertInvalid(MlpBytes, Encoding.UTF8.GetBytes("{ \"name\": \"x\" }"), "card"); // required members missing
    }

    [Fact]
    public void Card_features_that_differ_from_the_extractor_are_refused()
    {
        AssertInvalid(MlpBytes, EditedCard(c =>
        {
            var features = c["features"]!.AsArray();
            (features[0], features[1]) = (features[1]!.DeepClone(), features[0]!.DeepClone()); // same names, wrong order
        }), "differ from this build's features");
    }

    [Fact]
    public void Card_names_unsafe_for_files_are_refused() =>
        AssertInvalid(MlpBytes, EditedCard(c => c["version"] = "../../etc"), "letters, digits");

    [Fact]
    public void Wrong_input_or_output_names_are_refused() =>
        AssertInvalid(MlpBytes, EditedCard(c => c["input"] = "x"), "card names 'x'");

    [Fact]
    public void Wrong_input_width_is_refused() =>
        AssertInvalid(EditedMlp(m => m.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = 20), MlpCard, "input");

    [Fact]
    public void Wrong_output_shape_is_refused() =>
        AssertInvalid(EditedMlp(m => m.Graph.Output[0].Type.TensorType.Shape.Dim[1].DimValue = 2), MlpCard, "output");

    [Fact]
    public void A_version_mismatch_between_metadata_and_card_is_refused()
    {
        AssertInvalid(EditedMlp(m => m.MetadataProps.Single(p => p.Key == "version").Value = "9.9.9"), MlpCard, "version 9.9.9");
        AssertInvalid(MlpBytes, EditedCard(c => c["version"] = "1.0.1"), "card says 1.0.1");
    }

    [Fact]
    public void A_probe_that_yields_NaN_is_refused() =>
        AssertInvalid(EditedMlp(m =>
        {
            var b2 = m.Graph.Initializer.Single(t => t.Name == "B2");
            b2.RawData = ByteString.CopyFrom(BitConverter.GetBytes(float.NaN));
        }), MlpCard, "NaN");

    [Fact]
    public void A_probe_outside_zero_one_is_refused() =>
        AssertInvalid(EditedMlp(m =>
        {
            m.Graph.Initializer.Single(t => t.Name == "B2").RawData = ByteString.CopyFrom(BitConverter.GetBytes(50f));
            var sigmoid = m.Graph.Node.Single(n => n.OpType == "Sigmoid");
            sigmoid.OpType = "Relu"; // raw logits come out: a score of ~50
        }), MlpCard, "outside [0, 1]");

    [Fact]
    public void Unsupported_ops_and_domains_are_refused()
    {
        AssertInvalid(EditedMlp(m => m.Graph.Node.Single(n => n.OpType == "Relu").OpType = "Einsum"), MlpCard, "unsupported op 'Einsum'");
        AssertInvalid(EditedMlp(m =>
        {
            m.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.example.custom", Version = 1 });
            m.Graph.Node.Single(n => n.OpType == "Relu").Domain = "com.example.custom";
        }), MlpCard, "unsupported operator domain");
    }

    [Fact]
    public void A_graph_onnx_runtime_cannot_load_is_refused() =>
        AssertInvalid(EditedMlp(m => m.Graph.Node.Single(n => n.OpType == "Relu").Input[0] = "no_such_tensor"), MlpCard, "ONNX Runtime cannot load");

    [Fact]
    public void Validation_changes_nothing()
    {
        var onnx = MlpBytes;
        var card = MlpCard;
        var copy = (byte[])onnx.Clone();
        Validator.Validate(onnx, card);
        Assert.Equal(copy, onnx);
        Assert.Equal(JsonSerializer.Serialize(JsonNode.Parse(card)), JsonSerializer.Serialize(JsonNode.Parse(MlpCard)));
    }
}
