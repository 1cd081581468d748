using Lepton.Monitor.Drift.Fairness;
using Lepton.Monitor.Drift.Monitoring;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// One check of a monitor: the drift result (null while a first-window reference is learned), what it did to the
/// feature-drift episode (any single feature drifting) and the fairness result. The dataset/score episode is in <see cref="Drift"/>.
/// </summary>
public sealed record SignalCheck(DriftCheckResult? Drift, EpisodeTransition FeatureTransition, long FeatureEpisode, FairnessCheckResult Fairness);
