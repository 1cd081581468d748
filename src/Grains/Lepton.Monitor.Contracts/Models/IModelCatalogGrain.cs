using Orleans.Concurrency;

namespace Lepton.Monitor.Contracts;

/// <summary>
/// The model versions the silos can serve (key <see cref="Key"/>): list them and upload new ones. An upload is
/// validated (ONNX graph, card, feature contract, a probe run) before anything is stored; a refused one changes nothing.
/// </summary>
[Alias("lepton.model-catalog")]
public interface IModelCatalogGrain : IGrainWithStringKey
{
    const string Key = "models";

    [Alias("list"), ReadOnly]
    Task<ModelSummary[]> ListAsync();

    [Alias("upload")]
    Task<ModelUploadOutcome> UploadAsync(byte[] onnx, byte[] cardJson);

    /// <summary>Global models plus <paramref name="tenant"/>'s own uploads (global only when null).</summary>
    [Alias("list-for"), ReadOnly]
    Task<ModelSummary[]> ListForAsync(string? tenant);

    /// <summary>Uploads into <paramref name="tenant"/>'s own catalog (invisible to other tenants), or the global one when null.</summary>
    [Alias("upload-for")]
    Task<ModelUploadOutcome> UploadForAsync(byte[] onnx, byte[] cardJson, string? tenant);
}
