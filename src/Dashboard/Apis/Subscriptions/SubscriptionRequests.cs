namespace Lepton.Monitor.Dashboard.Apis.Subscriptions;

/// <summary>The body of <c>POST /v1/subscriptions</c>.</summary>
public sealed record CreateSubscriptionRequest(string? Url, string? Tenant, SubscriptionFilterRequest? Filter, string[]? Types, GroupRequest? Group);

/// <summary><c>filter</c>: empty or absent parts match everything.</summary>
public sealed record SubscriptionFilterRequest(string[]? Jurisdictions, string[]? Kinds, string? MinSeverity);

/// <summary>The body of <c>POST /v1/subscriptions/{id}/replay</c>: the changes of [since, until] are sent again.</summary>
public sealed record ReplayRangeRequest(DateTimeOffset? Since, DateTimeOffset? Until);

/// <summary>How many deliveries a replay queued.</summary>
public sealed record ReplayAnswer(int Queued);
