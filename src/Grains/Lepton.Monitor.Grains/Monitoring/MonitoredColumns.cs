using Lepton.Monitor.Drift.Monitoring;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// Which model features a drift monitor watches (<see cref="Columns"/>: indices into the model's feature vector, in the
/// order of <see cref="References"/>) and the quantile levels a learned reference window is summarised at.
/// </summary>
public sealed record MonitoredColumns(DriftReferenceSet References, int[] Columns, double[] QuantileLevels);
