using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>Whether a subscription is told of an alert change: its tenant, one of its types, and its filter.</summary>
public static class SubscriptionFilter
{
    public static readonly IReadOnlyList<string> Kinds = ["rule", "model", "drift", "fairness"];
    public static readonly IReadOnlyList<string> Severities = ["low", "medium", "high", "critical"];

    public static bool Wants(WebhookSubscription subscription, AlertEvent change) =>
        subscription.Tenant == change.Tenant && subscription.Types.Contains(change.Type) && Matches(subscription.Filter, change);

    /// <summary>Every set part of the filter must match; within a list, any value.</summary>
    public static bool Matches(WebhookFilter filter, AlertEvent change)
    {
        if (filter.Jurisdictions is { Count: > 0 } jurisdictions && !jurisdictions.Contains(change.Jurisdiction, StringComparer.OrdinalIgnoreCase))
            return false;
        if (filter.Kinds is { Count: > 0 } kinds && !kinds.Contains(StoredEnums.ToText(change.Kind)))
            return false;
        if (filter.MinSeverity is { } min && change.Severity < StoredEnums.ToSeverity(min))
            return false;
        return true;
    }

    /// <summary>Why a filter cannot be stored (an unknown kind or severity), or null when it can.</summary>
    public static string? Validate(WebhookFilter filter)
    {
        if (filter.Jurisdictions?.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
            return "filter.jurisdictions: must not contain empty values";
        if (filter.Kinds?.FirstOrDefault(k => !Kinds.Contains(k)) is { } kind)
            return $"filter.kinds: '{kind}' is not one of {string.Join('|', Kinds)}";
        if (filter.MinSeverity is { } severity && !Severities.Contains(severity))
            return $"filter.minSeverity: '{severity}' is not one of {string.Join('|', Severities)}";
        return null;
    }
}
