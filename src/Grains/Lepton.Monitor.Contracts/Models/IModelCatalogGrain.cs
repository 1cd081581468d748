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
}
