namespace Lepton.Monitor.Scoring;

/// <summary>A model the registry can serve: its files, its card, and whether it ships with the app or was imported.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the .onnx bytes: identifies the exact model behind <see cref="ModelId"/>.</param>
public sealed record StoredModel(string ModelId, string OnnxPath, string CardPath, ModelCard Card, bool Shipped, string Sha256)
{
    /// <summary>The tenant whose upload this is (only that tenant sees it); null for the global catalog.</summary>
    public string? Owner { get; init; }
}
