namespace Lepton.Monitor.Compliance.Posture;

/// <summary>The controls-quality indicators (score 1 = very good … 4 = poor), the combined score and its class.</summary>
public sealed record ControlQualityResult(IReadOnlyList<ControlIndicator> Indicators, decimal Score, ControlQuality Class);

/// <summary>One controls indicator: id, measured value, score 1–4.</summary>
public sealed record ControlIndicator(string Id, decimal Value, int Score);
