using System.Text.Json.Serialization;

namespace Lepton.Monitor.Scoring;

/// <summary>How and on what the model was trained.</summary>
public sealed record ModelCardTraining
{
    /// <summary>Data generator identifier (<see cref="SyntheticTransactionGenerator.Name"/> for the shipped model).</summary>
    public required string Generator { get; init; }
    public required int Seed { get; init; }

    /// <summary>All generated rows (training + held-out).</summary>
    public required int Rows { get; init; }

    /// <summary>Positive labels among <see cref="Rows"/>.</summary>
    public required int Positives { get; init; }
    public required string Description { get; init; }
    public int TrainRows { get; init; }

    // Family-specific settings are left out of the JSON when unset, so an MLP card has no tree fields and vice versa.

    /// <summary>MLP hidden width.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int HiddenSize { get; init; }

    /// <summary>MLP training epochs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Epochs { get; init; }

    /// <summary>GBDT: boosting rounds (one tree each).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Trees { get; init; }

    /// <summary>GBDT: deepest split level of any tree.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxDepth { get; init; }

    /// <summary>GBDT: shrinkage applied to every leaf.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double LearningRate { get; init; }

    /// <summary>How the model was fitted (optimiser or booster), in words.</summary>
    public string Optimizer { get; init; } = "";

    /// <summary>How <see cref="ModelCard.Threshold"/> was chosen.</summary>
    public string ThresholdRule { get; init; } = "";
}
