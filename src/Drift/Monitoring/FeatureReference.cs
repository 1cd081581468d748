using Lepton.Monitor.Drift.Summaries;

namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>A monitored column: its name (as in the model card) and the distribution it is expected to follow.</summary>
public sealed record FeatureReference(string Name, ReferenceDistribution Reference);
