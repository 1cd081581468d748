using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring;

/// <summary>A synthetic record with its ground truth: the latent risk probability and the label drawn from it.</summary>
public readonly record struct LabelledRecord(MonitoredRecord Record, bool IsRisky, double RiskProbability);
