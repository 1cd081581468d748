using System.Diagnostics;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>
/// Deduplicates by fingerprint and makes alerts durable in one store transaction. Idempotent per record id,
/// so a record replayed after a crash never raises or counts an alert twice.
/// </summary>
public sealed class PersistStage(IAlertStore store, TimeProvider clock) : IAlertStage
{
    public async ValueTask<AlertStageResult> ExecuteAsync(AlertStageResult input, CancellationToken ct)
    {
        if (input.Candidates.Count == 0)
            return input;
        var upsert = await store.UpsertAsync(AlertTrace.Stamp(input.Candidates, Activity.Current));
        AlertTrace.RecordRaised(Activity.Current, upsert.Created);
        // One batch's candidates come from one monitor grain: one (tenant, jurisdiction), charted by the board.
        var first = input.Candidates[0];
        MonitorTelemetry.AlertsCreated.Add(upsert.Created.Count,
            new KeyValuePair<string, object?>("tenant", first.Tenant), new KeyValuePair<string, object?>("jurisdiction", first.Jurisdiction));
        MonitorTelemetry.CountRaised(upsert.Created);
        MonitorTelemetry.AlertsUpdated.Add(upsert.Updated.Count);
        var now = clock.GetUtcNow();
        foreach (var c in input.Candidates)
            MonitorTelemetry.IngestToAlertDuration.Record((now - c.AcceptedAt).TotalSeconds);
        return input with { Created = upsert.Created, Updated = upsert.Updated };
    }
}
