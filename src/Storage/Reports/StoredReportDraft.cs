namespace Lepton.Monitor.Storage;

/// <summary>
/// A report draft as stored: the columns lists filter on, and <see cref="Document"/>, the draft as JSON (its shape is
/// the compliance library's). <see cref="Version"/> starts at 1 and grows by one with every change.
/// </summary>
public sealed record StoredReportDraft(
    string Id,
    string Tenant,
    string Type,
    string Status,
    long Version,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ReviewDueAt,
    string Document);
