using Lepton.Monitor.Scoring;
using Lepton.Monitor.Training;

namespace Lepton.Monitor.DevTools.Cli;

/// <summary>`lepton train --output json` (schema in docs/cli.md): the files written, the training and the held-out metrics.</summary>
public sealed record TrainDocument(
    int SchemaVersion,
    string Name,
    string Version,
    string Family,
    string OnnxPath,
    string CardPath,
    string? MarkdownPath,
    int Rows,
    int Positives,
    int Features,
    double Threshold,
    TrainMetricsDocument HeldOut,
    double ElapsedSeconds,
    double MaxExportDifference)
{
    public static TrainDocument From(ModelBuildReport r) => new(
        1, r.Card.Name, r.Card.Version, r.Card.Family, r.OnnxPath, r.CardPath, r.MarkdownPath, r.Card.Training.Rows,
        r.Card.Training.Positives, r.Card.Features.Count, r.Card.Threshold,
        new TrainMetricsDocument(r.Card.Metrics.HeldOutRows, r.Card.Metrics.RocAuc, r.Card.Metrics.Precision, r.Card.Metrics.Recall, r.Card.Metrics.F1),
        r.Elapsed.TotalSeconds, r.MaxExportDifference);
}

/// <summary>Held-out rows and the model's metrics on them at the serving threshold.</summary>
public sealed record TrainMetricsDocument(int Rows, double RocAuc, double Precision, double Recall, double F1);
