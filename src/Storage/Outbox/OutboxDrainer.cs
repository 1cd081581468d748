using System.Globalization;

namespace Lepton.Monitor.Storage;

/// <summary>
/// One publish round of the alert outbox to a transport, without timing or looping (the publisher owns those):
/// reads the events due now (<see cref="IAlertOutbox.ReadDueAsync"/> keeps each tenant's order), sends them, deletes
/// the delivered ones and charges a failed attempt to the first failing event of each tenant, with exponential backoff
/// and jitter; at <see cref="OutboxOptions.MaxAttempts"/> the event is parked (counted, listed, replayable) and its
/// tenant's later events flow again. While any event is parked, <see cref="ServiceHealth"/> reports the outbox degraded.
/// </summary>
public sealed class OutboxDrainer(IAlertOutbox outbox, IOutboxTransport transport, OutboxOptions options, ServiceHealth health, TimeProvider clock)
{
    /// <summary>The <see cref="ServiceHealth"/> condition raised while events are parked.</summary>
    public string HealthCondition { get; } = "alert-outbox-" + transport.Name;

    public async Task<OutboxRound> RunRoundAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var entries = await outbox.ReadDueAsync(options.BatchSize, now, ct);
        if (entries.Count == 0)
            return OutboxRound.Idle(await RefreshDepthAsync(ct));

        var results = await transport.SendAsync(entries, ct);
        if (results.Count != entries.Count)
            throw new InvalidOperationException($"The {transport.Name} transport answered {results.Count} results for {entries.Count} events.");
        var delivered = new List<long>(entries.Count);
        var failed = 0;
        var onlyTransient = true;
        for (var i = 0; i < entries.Count; i++)
        {
            if (results[i] is not { } failure)
            {
                delivered.Add(entries[i].Seq);
                continue;
            }
            failed++;
            onlyTransient &= failure.Transient;
        }
        // Not cancelled by the stop signal: a delivered event must not stay to be sent again.
        await outbox.DeleteAsync(delivered, CancellationToken.None);

        var outage = delivered.Count == 0 && onlyTransient;
        List<OutboxFailure> charged = outage ? [] : Charge(entries, results, now);
        await outbox.MarkFailedAsync(charged, CancellationToken.None);
        var parked = charged.Count(f => f.Park);
        if (parked > 0)
            OutboxTelemetry.Parked.Add(parked, new KeyValuePair<string, object?>("transport", transport.Name));
        return new OutboxRound(entries.Count, delivered.Count, failed, parked, outage, await RefreshDepthAsync(CancellationToken.None));
    }

    /// <summary>
    /// The failed attempts to record: only the first failing event of each key is charged. Its later events that failed
    /// beside it wait behind it anyway (the next rounds send it alone), so charging them too would park a whole queue
    /// for one bad event.
    /// </summary>
    private List<OutboxFailure> Charge(IReadOnlyList<OutboxEntry> entries, IReadOnlyList<OutboxSendFailure?> results, DateTimeOffset now)
    {
        var charged = new List<OutboxFailure>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (results[i] is not { } failure || !seen.Add(entries[i].Key))
                continue;
            var attempts = entries[i].Attempts + 1;
            var park = attempts >= options.MaxAttempts;
            charged.Add(new OutboxFailure(entries[i].Seq, attempts, park ? now : now + Backoff(attempts), park, failure.Reason));
        }
        return charged;
    }

    /// <summary>Exponential from <see cref="OutboxOptions.FirstRetryDelay"/>, capped, with ±25 % jitter so tenants do not retry in step.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var exponential = options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.75 + 0.5 * Random.Shared.NextDouble()));
    }

    private async Task<OutboxDepth> RefreshDepthAsync(CancellationToken ct)
    {
        var depth = await outbox.GetDepthAsync(ct);
        OutboxTelemetry.ReportDepth(transport.Name, depth);
        if (depth.Parked > 0)
        {
            health.Degrade(HealthCondition, string.Create(CultureInfo.InvariantCulture,
                $"{depth.Parked} alert event(s) parked after {options.MaxAttempts} failed attempts to publish to {transport.Name}; list and replay them (GET /v1/alerts/outbox/parked, POST /v1/alerts/outbox/replay)"));
        }
        else
        {
            health.Recover(HealthCondition);
        }
        return depth;
    }
}
