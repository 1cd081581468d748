using Lepton.Monitor.Drift.Offline;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>A finished `lepton drift` comparison with what went into it: the two tables, the thresholds and the result.</summary>
public sealed record DriftComparison(
    string ReferencePath,
    string CurrentPath,
    CsvTable Reference,
    CsvTable Current,
    OfflineDriftOptions Options,
    OfflineDriftReport Report);
