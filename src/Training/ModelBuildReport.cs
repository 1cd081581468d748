using System.Globalization;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Training;

/// <summary>What <see cref="ModelBuilder.Build"/> wrote and measured.</summary>
public sealed record ModelBuildReport(
    string OnnxPath,
    string CardPath,
    string? MarkdownPath,
    ModelCard Card,
    TimeSpan Elapsed,
    double MaxExportDifference)
{
    /// <summary>A short multi-line summary for the CLI.</summary>
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var m = Card.Metrics;
        return string.Join('\n',
            $"model     {OnnxPath}",
            $"card      {CardPath}" + (MarkdownPath is null ? "" : $" (+ {MarkdownPath})"),
            $"trained   {Card.Training.Rows.ToString("N0", inv)} rows ({Card.Training.Positives.ToString("N0", inv)} positives), " +
            (Card.Family == ModelFamily.Gbdt
                ? $"gbdt: {Card.Training.Trees} trees of depth ≤ {Card.Training.MaxDepth}, learning rate {Card.Training.LearningRate.ToString(inv)}, "
                : $"{Card.Features.Count} → {Card.Training.HiddenSize} → 1, {Card.Training.Epochs} epochs, ") + $"{Elapsed.TotalSeconds.ToString("0.0", inv)} s",
            $"held-out  {m.HeldOutRows.ToString("N0", inv)} rows: ROC-AUC {m.RocAuc.ToString("0.0000", inv)}, precision {m.Precision.ToString("0.0000", inv)}, " +
            $"recall {m.Recall.ToString("0.0000", inv)}, F1 {m.F1.ToString("0.0000", inv)} at threshold {Card.Threshold.ToString("0.00", inv)}",
            $"verified  ONNX Runtime vs trainer max |Δ| {MaxExportDifference.ToString("G3", inv)}");
    }
}
