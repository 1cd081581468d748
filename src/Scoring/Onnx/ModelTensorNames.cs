namespace Lepton.Monitor.Scoring;

/// <summary>The graph input and output every risk model has (the card's <c>Input</c> and <c>Output</c>), whoever wrote it.</summary>
public static class ModelTensorNames
{
    /// <summary>float32 [N, F], features in <see cref="FeatureExtractor.FeatureNames"/> order.</summary>
    public const string Input = "features";

    /// <summary>float32 [N, 1], the probability of risk.</summary>
    public const string Output = "score";
}
