using Lepton.Monitor.Compliance.Posture;

namespace Lepton.Monitor.Compliance.Tests.Posture;

/// <summary>The hand-computed example of docs/posture-methodology.md, shared by the posture tests.</summary>
internal static class PostureExamples
{
    public static PostureDataPoints Data => new()
    {
        PeriodRecords = 100_000,
        PepShare = 0.02m,            // 2
        NonResidentShare = 0.20m,    // 3
        CashShare = 0.40m,           // 4
        CrossBorderShare = 0.12m,    // 2
        NonFaceToFaceShare = 0.60m,  // 3
        // Basel: DE unlisted 5.00·0.5 + FI 3.07·0.3 + HT 7.92·0.2 = 5.005 → 5.01 → 2; no call-for-action exposure → 1.
        CountryExposure = new Dictionary<string, decimal> { ["DE"] = 0.5m, ["FI"] = 0.3m, ["HT"] = 0.2m },
    };

    // 150 / 100,000 = 1.5 per 1,000 → 2 (products); 600 → 6 per 1,000 → 3 (geography).
    public static Dictionary<string, long> Alerts => new() { ["structuring"] = 150, ["high-risk-country"] = 600 };

    // Oldest open 10 days → 3, SLA breaches 10 % → 2, no episodes → 1, no model without card → 1: (9+4+1+1)/(3+2+1+1) = 2.14 → good.
    public static ControlInputs Controls => new(10m, 0.10m, 0, 0);
}
