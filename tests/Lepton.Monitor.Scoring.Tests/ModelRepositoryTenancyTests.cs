using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Lepton.Monitor.Scoring.Onnx.Proto;

namespace Lepton.Monitor.Scoring.Tests;

/// <summary>A tenant's upload belongs to that tenant: others neither see it nor take its id, and it cannot take a global id.</summary>
public sealed class ModelRepositoryTenancyTests
{
    private static readonly ModelValidator Validator = new();

    /// <summary>The shipped MLP republished as <paramref name="version"/>, optionally with another output bias (other bytes).</summary>
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
    public void A_tenants_upload_is_visible_to_that_tenant_only()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(dir.File("models"), ModelRepository.DefaultShippedDirectory, Validator);
        var (onnx, card) = Version("7.0.0");

        var result = repository.Import(onnx, card, tenant: "acme");
        Assert.Equal(ModelImportStatus.Imported, result.Status);
        const string Id = "lepton-risk-7.0.0";
        Assert.Equal("acme", result.Model!.Owner);

        Assert.Contains(repository.List("acme"), m => m.ModelId == Id);
        Assert.DoesNotContain(repository.List("globex"), m => m.ModelId == Id);
        Assert.DoesNotContain(repository.List(), m => m.ModelId == Id);
        Assert.Contains(repository.List("globex"), m => m.ModelId == "lepton-risk-1.0.0"); // global models for everyone
        Assert.NotNull(repository.Find(Id, "acme"));
        Assert.Null(repository.Find(Id, "globex"));
        Assert.Null(repository.Find(Id));
        Assert.NotNull(repository.GetPath(Id)); // the silo can still serve it for acme
    }

    [Fact]
    public void Another_tenant_cannot_take_or_reach_a_tenants_id()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(dir.File("models"), ModelRepository.DefaultShippedDirectory, Validator);
        var (onnx, card) = Version("7.1.0");
        Assert.Equal(ModelImportStatus.Imported, repository.Import(onnx, card, "acme").Status);

        // Same bytes or other bytes: globex gets neither acme's model nor its name.
        foreach (var (otherOnnx, otherCard) in new[] { (onnx, card), Version("7.1.0", bias: 0.25f) })
        {
            var taken = repository.Import(otherOnnx, otherCard, "globex");
            Assert.Equal(ModelImportStatus.Conflict, taken.Status);
            Assert.Null(taken.Model);
            Assert.DoesNotContain("acme", taken.Reason, StringComparison.Ordinal);
        }
        Assert.Equal(ModelImportStatus.Conflict, repository.Import(Version("7.1.0", bias: 0.25f).Onnx, Version("7.1.0", bias: 0.25f).Card).Status);
        Assert.Equal(onnx, File.ReadAllBytes(repository.Find("lepton-risk-7.1.0", "acme")!.OnnxPath));
        Assert.Equal(ModelImportStatus.AlreadyPresent, repository.Import(onnx, card, "acme").Status);
    }

    [Fact]
    public void A_tenant_cannot_take_a_global_id_with_other_bytes()
    {
        using var dir = new TempDirectory();
        var repository = new ModelRepository(dir.File("models"), ModelRepository.DefaultShippedDirectory, Validator);
        var (global, globalCard) = Version("8.0.0");
        Assert.Equal(ModelImportStatus.Imported, repository.Import(global, globalCard).Status);

        var (squat, squatCard) = Version("8.0.0", bias: 0.5f);
        Assert.Equal(ModelImportStatus.Conflict, repository.Import(squat, squatCard, "acme").Status);
        Assert.Equal(global, File.ReadAllBytes(repository.Find("lepton-risk-8.0.0", "acme")!.OnnxPath));
        Assert.Null(repository.Find("lepton-risk-8.0.0", "acme")!.Owner);
        Assert.False(Directory.Exists(Path.Combine(repository.ModelsDirectory, "tenants", "acme")) &&
            Directory.EnumerateFiles(Path.Combine(repository.ModelsDirectory, "tenants", "acme"), "*.onnx").Any());
    }
}
