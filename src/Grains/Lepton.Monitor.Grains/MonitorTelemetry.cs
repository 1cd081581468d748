using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Grains;

/// <summary>Traces and metrics of the monitor grains and alert handling.</summary>
public static class MonitorTelemetry
{
    public const string Name = "Lepton.Monitor.Grains";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);
    public static readonly Counter<long> RecordsEvaluated = Meter.CreateCounter<long>("lepton.monitor.records", description: "Records evaluated by monitor grains (tags tenant, jurisdiction)");
    public static readonly Counter<long> AlertsCreated = Meter.CreateCounter<long>("lepton.alerts.created", description: "New alerts (tags tenant, jurisdiction)");
    public static readonly Counter<long> AlertsRaised = Meter.CreateCounter<long>("lepton.alerts.raised", unit: "{alert}", description: "New alerts by kind (rule, model, drift, fairness) and severity");
    public static readonly Counter<long> AlertsUpdated = Meter.CreateCounter<long>("lepton.alerts.updated", description: "Alerts whose count grew (dedup by fingerprint)");
    public static readonly Counter<long> ShadowScores = Meter.CreateCounter<long>("lepton.models.shadow.scores", description: "Records scored by shadow models (recorded, never alerted)");
    public static readonly Counter<long> ShadowFailures = Meter.CreateCounter<long>("lepton.models.shadow.failures", description: "Shadow model batches that failed (production unaffected)");
    public static readonly Counter<long> DriftChecks = Meter.CreateCounter<long>("lepton.drift.checks", description: "Drift and fairness checks run by monitor grains");
    public static readonly Counter<long> LateRecords = Meter.CreateCounter<long>("lepton.monitor.late_records", description: "Records older than their entity's watermark (beyond_lateness: older than the allowed lateness, windows could not be exact)");
    public static readonly Histogram<double> ScoringDuration = Meter.CreateDuration("lepton.monitor.scoring.duration", "Time a monitor grain waits for its batch's model scores (queueing in the shared scorer included; tags tenant, jurisdiction)");
    public static readonly Histogram<double> IngestToAlertDuration = Meter.CreateDuration("lepton.alerts.ingest_to_alert.duration", "Time from ingest acceptance to the alert being durable");

    private static readonly string[] KindNames = ["rule", "model", "drift", "fairness"];
    private static readonly string[] SeverityNames = ["low", "medium", "high", "critical"];

    /// <summary>Counts new alerts by kind and severity (fixed names: no enum formatting per alert).</summary>
    public static void CountRaised(IReadOnlyList<Lepton.Monitor.Contracts.Alert> created)
    {
        for (var i = 0; i < created.Count; i++)
            AlertsRaised.Add(1, new KeyValuePair<string, object?>("kind", KindNames[(int)created[i].Kind]),
                new KeyValuePair<string, object?>("severity", SeverityNames[(int)created[i].Severity]));
    }
}
