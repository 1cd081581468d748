namespace Lepton.Monitor.Compliance.Filings;

/// <summary>One thing a person might do to a report now (edit, submit, return, approve, file): whether they may, and if not, why.</summary>
public sealed record ReportActionOption(string Action, bool Allowed, string? Reason);
