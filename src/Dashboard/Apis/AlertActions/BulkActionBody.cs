namespace Lepton.Monitor.Dashboard.Apis.AlertActions;

/// <summary>
/// <c>POST /v1/alerts/bulk</c>: one <see cref="Action"/> (any action route's name, <c>assign-to-me</c> included) on up
/// to <see cref="AlertActionsApi.MaxBulkItems"/> alerts, each with the version the caller saw, plus the action's parameters.
/// </summary>
public sealed record BulkActionBody(
    string? Action,
    BulkActionItem[]? Items,
    string? Assignee = null,
    string? Text = null,
    string? Disposition = null,
    DateTimeOffset? Until = null,
    string? Severity = null,
    string? Comment = null);

public sealed record BulkActionItem(string? Id, long? Version);

/// <summary>One alert's answer in a bulk action: <see cref="Status"/> is what the single route would have answered.</summary>
public sealed record BulkItemResult(string? Id, int Status, Contracts.Alert? Alert = null, string? Error = null);

public sealed record BulkActionResponse(IReadOnlyList<BulkItemResult> Items);
