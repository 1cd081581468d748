using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Alerting;

/// <summary>
/// Reopens snoozed alerts whose <c>snoozedUntil</c> has passed (PRODUCT.md §5: snoozed until a time, then it reopens
/// by itself). One pass is <see cref="ReopenDueAsync"/>, callable directly so a test with a fake clock drives it.
/// </summary>
public sealed class SnoozeReopener(IAlertStore alerts, IDueSnoozes due, TimeProvider clock, ILogger<SnoozeReopener>? logger = null)
{
    /// <summary>Alerts reopened per transaction, so a large backlog never makes one giant write.</summary>
    public const int BatchSize = 200;

    private readonly ILogger _logger = logger ?? NullLogger<SnoozeReopener>.Instance;

    /// <summary>Reopens every alert due now; returns how many it reopened.</summary>
    public async Task<int> ReopenDueAsync(CancellationToken ct = default)
    {
        var reopened = 0;
        while (true)
        {
            var now = clock.GetUtcNow();
            var ids = await due.ListAsync(now, BatchSize, ct).ConfigureAwait(false);
            if (ids.Count == 0)
                return reopened;
            // No version check (the system acts on whatever is current), but the change re-checks that the alert is
            // still snoozed and due: an analyst may have reopened, resolved or re-snoozed it since the read.
            var results = await alerts.ChangeManyAsync(
                [.. ids.Select(id => new AlertChangeRequest(id, null, SqliteAlertStore.SystemActor, AlertAuditActions.Unsnoozed,
                    alert => AlertLifecycle.Unsnooze(alert, now), new { reason = "snoozed until passed" }))],
                ct).ConfigureAwait(false);
            var changed = 0;
            for (var i = 0; i < results.Count; i++)
            {
                switch (results[i].Outcome)
                {
                    case AlertChangeOutcome.Changed:
                        changed++;
                        _logger.LogInformation("Alert {AlertId} of tenant {Tenant} reopened: its snooze ended", ids[i], results[i].Alert!.Tenant);
                        break;
                    case AlertChangeOutcome.Refused:
                        // E.g. another alert with its fingerprint became active meanwhile: it stays snoozed; say so.
                        _logger.LogWarning("Snoozed alert {AlertId} could not reopen: {Reason}", ids[i], results[i].Refusal!.Message);
                        break;
                }
            }
            reopened += changed;
            AlertLifecycleTelemetry.Unsnoozed.Add(changed);
            // Refused ones would be listed again at once: leave them to the next pass rather than spin.
            if (changed == 0 || ids.Count < BatchSize)
                return reopened;
        }
    }
}
