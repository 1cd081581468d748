namespace Lepton.Monitor.Dashboard.Apis.AlertActions;

/// <summary>
/// The body of <c>POST /v1/alerts/{id}/{action}</c>: the <see cref="Version"/> the caller saw (required) and the
/// action's parameters (assignee, text, disposition, until, severity, comment), enums in kebab-case.
/// </summary>
public sealed record AlertActionBody(
    long? Version,
    string? Assignee = null,
    string? Text = null,
    string? Disposition = null,
    DateTimeOffset? Until = null,
    string? Severity = null,
    string? Comment = null);
