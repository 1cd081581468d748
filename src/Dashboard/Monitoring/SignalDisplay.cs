using Microsoft.Extensions.Configuration;

namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>
/// The drift and fairness settings the monitoring view draws as reference lines and names in its empty states, read
/// from <c>Lepton:Signals</c> (the grains' SignalOptions; the defaults repeat theirs because the board does not
/// reference the grains).
/// </summary>
public sealed record SignalDisplay(double PsiThreshold, double FairnessRatio, int CheckEveryRecords, double CheckIntervalSeconds, int MinimumRecords,
    int MinimumRecordsPerGroup)
{
    public static SignalDisplay From(IConfiguration configuration)
    {
        var s = configuration.GetSection("Lepton:Signals");
        return new SignalDisplay(
            s.GetValue("PsiThreshold", 0.2),
            s.GetValue("FairnessMinimumRateRatio", 0.8),
            s.GetValue("CheckEveryRecords", 10_000),
            s.GetValue("CheckInterval", TimeSpan.FromMinutes(5)).TotalSeconds,
            s.GetValue("MinimumRecords", 100),
            s.GetValue("FairnessMinimumRecordsPerGroup", 1_000));
    }
}
