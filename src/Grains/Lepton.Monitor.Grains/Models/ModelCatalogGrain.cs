using Lepton.Monitor.Contracts;
using Lepton.Monitor.Scoring;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Grains.Models;

/// <summary>
/// Lists and imports model versions through the silo's <see cref="ModelRepository"/>. Validation and the atomic
/// write are the repository's; the grain turns results into contract types and logs who changed what.
/// </summary>
public sealed class ModelCatalogGrain(ModelServing serving, ILogger<ModelCatalogGrain> logger) : Grain, IModelCatalogGrain
{
    public Task<ModelSummary[]> ListAsync() => ListForAsync(null);

    public Task<ModelSummary[]> ListForAsync(string? tenant) =>
        Task.FromResult(serving.Repository.List(tenant)
            .Select(Summarize)
            .Prepend(DefaultIfNotInRepository())
            .OfType<ModelSummary>()
            .ToArray());

    public Task<ModelUploadOutcome> UploadAsync(byte[] onnx, byte[] cardJson) => UploadForAsync(onnx, cardJson, null);

    public Task<ModelUploadOutcome> UploadForAsync(byte[] onnx, byte[] cardJson, string? tenant)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(cardJson);
        var result = serving.Repository.Import(onnx, cardJson, tenant);
        var status = result.Status switch
        {
            ModelImportStatus.Imported => ModelUploadStatus.Imported,
            ModelImportStatus.AlreadyPresent => ModelUploadStatus.AlreadyPresent,
            ModelImportStatus.Conflict => ModelUploadStatus.Conflict,
            _ => ModelUploadStatus.Invalid,
        };
        if (status == ModelUploadStatus.Imported)
            logger.LogInformation("Model {ModelId} imported ({Family}, sha256 {Sha256}) into {Catalog}", result.Model!.ModelId, result.Model.Card.Family, result.Model.Sha256,
                tenant is null ? "the global catalog" : $"tenant {tenant}'s catalog");
        else if (status != ModelUploadStatus.AlreadyPresent)
            logger.LogWarning("Model upload refused ({Status}): {Reason}", status, result.Reason);
        return Task.FromResult(new ModelUploadOutcome(status, result.Model is { } m ? Summarize(m) : null, result.Reason));
    }

    private ModelSummary Summarize(StoredModel m)
    {
        var loaded = serving.LoadedModelIds.Contains(m.ModelId);
        var c = m.Card;
        return new ModelSummary(m.ModelId, c.Name, c.Version, c.Family, m.Shipped, m.ModelId == serving.DefaultModelId, loaded,
            m.Sha256, c.Threshold, [.. c.Features],
            new ModelMetricsSummary(c.Metrics.Precision, c.Metrics.Recall, c.Metrics.F1, c.Metrics.RocAuc, c.Metrics.HeldOutRows),
            loaded ? serving.Get(m.ModelId).Model.Device : null);
    }

    /// <summary>The default model may be configured from outside the repository's folders; it is listed all the same.</summary>
    private ModelSummary? DefaultIfNotInRepository()
    {
        if (serving.Repository.Find(serving.DefaultModelId) is not null)
            return null;
        var model = serving.Default.Model;
        var c = model.Card;
        return new ModelSummary(model.ModelId, c.Name, c.Version, c.Family, Shipped: true, IsDefault: true, Loaded: true, Sha256: "",
            c.Threshold, [.. c.Features],
            new ModelMetricsSummary(c.Metrics.Precision, c.Metrics.Recall, c.Metrics.F1, c.Metrics.RocAuc, c.Metrics.HeldOutRows), model.Device);
    }
}
