using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>What follows an attempt: delivered, retried (when), dead, and whether the endpoint is to be disabled.</summary>
public sealed record DeliveryOutcome(DeliveryNext Next, DateTimeOffset? NextAttemptAt = null, string? DisableReason = null)
{
    /// <summary>
    /// 2xx: delivered. 410 Gone: dead and the endpoint disabled. A refused target: dead at once. Otherwise the next
    /// attempt of <paramref name="options"/>' schedule (429/503: no sooner than <c>Retry-After</c>, capped), or dead after
    /// the last; and an endpoint with no success since <see cref="WebhookOptions.DisableAfter"/> is disabled.
    /// </summary>
    public static DeliveryOutcome Decide(AttemptResponse response, int attemptsMade, DateTimeOffset now, DateTimeOffset? failingSince,
        WebhookOptions options, Random random)
    {
        if (response.Succeeded)
            return new DeliveryOutcome(DeliveryNext.Delivered);
        if (response.StatusCode == 410)
            return new DeliveryOutcome(DeliveryNext.Dead, DisableReason: "the endpoint answered 410 Gone");
        var disable = (failingSince ?? now) + options.DisableAfter <= now
            ? $"no successful delivery since {failingSince ?? now:O} ({options.DisableAfter} or more)"
            : null;
        if (response.Permanent)
            return new DeliveryOutcome(DeliveryNext.Dead, DisableReason: disable);
        var delay = options.RetrySchedule.DelayAfter(attemptsMade, random);
        if (delay is null)
            return new DeliveryOutcome(DeliveryNext.Dead, DisableReason: disable);
        if (response.StatusCode is 429 or 503 && response.RetryAfter is { } retryAfter)
        {
            var honoured = retryAfter < options.MaxRetryAfter ? retryAfter : options.MaxRetryAfter;
            if (honoured > delay)
                delay = honoured;
        }
        return new DeliveryOutcome(disable is null ? DeliveryNext.Retry : DeliveryNext.Dead, now + delay.Value, disable);
    }
}
