using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Lepton.Monitor.Scoring.Onnx.Proto;

namespace Lepton.Monitor.Scoring.Tests;

public sealed class ModelRepositoryTests
{
    private static readonly ModelValidator Validator = new();

    /// <summary>The shipped MLP republished as <paramref name="version"/> (metadata and card agree), optionally with other weights.</summary>
    private static (byte[] Onnx, byte[] Card) Version(string version, float bias = float.NaN)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestRecords.ShippedModelPath));
        model.MetadataProps.Single(p => p.Key == "version").Value = version;
        if (!float.IsNaN(bias))
            model.Graph.Initializer.Single(t => t.Name == "B2").RawData = ByteString.CopyFrom(BitConverter.GetBytes(bias));
        var card = JsonNode.Parse(File.ReadAllBytes(ModelCard.PathFor(TestRecords.ShippedModelPath)))!.AsObject();
        card["version"] = version;
        return (model.ToByteArray(), Encoding.UTF8.GetBytes(card.ToJsonString()));
    }

    [Fact]
    public void Shipped_models_are_always_listed()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(dir.File("models"), ModelRepository.DefaultShippedDirectory, Validator);

        var ids = repository.List().Select(m => m.ModelId).ToArray();
        Assert.Equal(["lepton-risk-1.0.0", "lepton-risk-gbdt-1.0.0"], ids);
        Assert.All(repository.List(), m => Assert.True(m.Shipped));
        Assert.Equal(TestRecords.ShippedGbdtModelPath, repository.GetPath("lepton-risk-gbdt-1.0.0"));
        Assert.Null(repository.GetPath("nope-1.0.0"));
        Assert.Null(repository.GetPath("../onnx/lepton-risk-1.0.0"));
    }

    [Fact]
    public void Import_stores_a_validated_model_atomically_and_lists_it()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(dir.File("models"), ModelRepository.DefaultShippedDirectory, Validator);
        var (onnx, card) = Version("1.1.0");

        var result = repository.Import(onnx, card);

        Assert.Equal(ModelImportStatus.Imported, result.Status);
        Assert.Equal("lepton-risk-1.1.0", result.Model!.ModelId);
        Assert.Equal(onnx, File.ReadAllBytes(dir.File("models/lepton-risk-1.1.0.onnx")));
        Assert.Equal(card, File.ReadAllBytes(dir.File("models/lepton-risk-1.1.0.card.json")));
        string[] stored = ["lepton-risk-1.1.0.card.json", "lepton-risk-1.1.0.onnx"];
        Assert.Equal(stored, Directory.GetFiles(dir.File("models")).Select(Path.GetFileName).Order()); // no temp files left
        var listed = Assert.Single(repository.List(), m => !m.Shipped);
        Assert.Equal(result.Model.Sha256, listed.Sha256);

        // A second repository over the same folder (a restart) sees it too.
        var reopened = new ModelRepository(dir.File("models"), null, Validator);
        Assert.Equal(dir.File("models/lepton-risk-1.1.0.onnx"), reopened.GetPath("lepton-risk-1.1.0"));
    }

    [Fact]
    public void Same_id_same_bytes_is_idempotent_and_different_bytes_are_refused()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(dir.File("models"), ModelRepository.DefaultShippedDirectory, Validator);
        var (onnx, card) = Version("2.0.0");
        Assert.Equal(ModelImportStatus.Imported, repository.Import(onnx, card).Status);

        Assert.Equal(ModelImportStatus.AlreadyPresent, repository.Import(onnx, card).Status);
        var (other, otherCard) = Version("2.0.0", bias: -1f);
        var conflict = repository.Import(other, otherCard);
        Assert.Equal(ModelImportStatus.Conflict, conflict.Status);
        Assert.Contains("different bytes", conflict.Reason);
        Assert.Equal(onnx, File.ReadAllBytes(repository.GetPath("lepton-risk-2.0.0")!));

        // A shipped id cannot be replaced either.
        var shipped = repository.Import(other, File.ReadAllBytes(ModelCard.PathFor(TestRecords.ShippedModelPath)));
        Assert.Equal(ModelImportStatus.Invalid, shipped.Status); // metadata version 2.0.0 vs card 1.0.0
        var (sameId, sameIdCard) = Version("1.0.0", bias: -1f);
        Assert.Equal(ModelImportStatus.Conflict, repository.Import(sameId, sameIdCard).Status);
    }

    [Fact]
    public void An_invalid_upload_writes_nothing()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(dir.File("models"), null, Validator);
        var (onnx, _) = Version("3.0.0");

        var result = repository.Import(onnx, Encoding.UTF8.GetBytes("not json"));

        Assert.Equal(ModelImportStatus.Invalid, result.Status);
        Assert.False(result.Succeeded);
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("models")));
        Assert.Empty(repository.List());
    }
}
