using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Grains.Models;

/// <summary>The silo's shared batching scoring service of each model version (one ONNX session per version, shared by every grain).</summary>
public interface IModelScorers
{
    /// <exception cref="ArgumentException">The model is unknown.</exception>
    IScoringService Get(string modelId);
}
