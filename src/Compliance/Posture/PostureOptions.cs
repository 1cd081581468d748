namespace Lepton.Monitor.Compliance.Posture;

/// <summary><c>Lepton:Posture</c>: the assessment period and the alert-handling SLA.</summary>
public sealed class PostureOptions
{
    public const string Section = "Lepton:Posture";

    /// <summary>Alerts first seen in the last this many days count towards alert rates and SLA breaches; data points' periodRecords should cover the same period.</summary>
    public int PeriodDays { get; set; } = 90;

    /// <summary>An alert not resolved within this long after it was first seen breaches the handling SLA.</summary>
    public TimeSpan AlertSla { get; set; } = ControlInputsBuilder.DefaultSla;

    /// <summary>At most this many alerts are read per query of one assessment (bounds one request's work).</summary>
    public int MaxAlertsRead { get; set; } = 50_000;
}
