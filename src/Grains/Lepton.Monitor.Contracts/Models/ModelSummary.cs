namespace Lepton.Monitor.Contracts;

/// <summary>A servable model version as the API lists it: identity, family, where it came from, held-out metrics.</summary>
[GenerateSerializer, Immutable, Alias("lepton.model-summary.v1")]
public sealed record ModelSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Version,
    [property: Id(3)] string Family,
    [property: Id(4)] bool Shipped,
    [property: Id(5)] bool IsDefault,
    [property: Id(6)] bool Loaded,
    [property: Id(7)] string Sha256,
    [property: Id(8)] double Threshold,
    [property: Id(9)] string[] Features,
    [property: Id(10)] ModelMetricsSummary Metrics,
    [property: Id(11)] string? Device);

/// <summary>Held-out metrics from the model card, at the card's threshold.</summary>
[GenerateSerializer, Immutable, Alias("lepton.model-metrics-summary.v1")]
public sealed record ModelMetricsSummary(
    [property: Id(0)] double Precision,
    [property: Id(1)] double Recall,
    [property: Id(2)] double F1,
    [property: Id(3)] double RocAuc,
    [property: Id(4)] int HeldOutRows);
