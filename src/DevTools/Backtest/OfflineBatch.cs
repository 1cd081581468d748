using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>The outcome of one <see cref="OfflinePipeline.Process"/> call.</summary>
public sealed class OfflineBatch
{
    public List<MonitoredRecord> Records { get; } = [];

    /// <summary>Per record, the jurisdictions (packs) it goes to.</summary>
    public List<string[]> Jurisdictions { get; } = [];

    /// <summary>Line (0-based), id when readable, and reason: what ingest would dead-letter.</summary>
    public List<(int Line, string? Id, string Reason)> Rejected { get; } = [];
}
