using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// What an action carries besides the version: <see cref="Assignee"/> (assign), <see cref="Text"/> (comment),
/// <see cref="Disposition"/> (resolve), <see cref="Until"/> (snooze), <see cref="Severity"/> (escalate, optional) and an
/// optional <see cref="Comment"/> (resolve, snooze, escalate, approve, reject) kept on the alert as a comment.
/// </summary>
public sealed record AlertActionParameters(
    string? Assignee = null,
    string? Text = null,
    Disposition? Disposition = null,
    DateTimeOffset? Until = null,
    Severity? Severity = null,
    string? Comment = null)
{
    public static readonly AlertActionParameters None = new();
}
