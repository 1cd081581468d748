using Lepton.Monitor.Compliance.Filings;

namespace Lepton.Monitor.Dashboard.Apis.Reports;

/// <summary>
/// <c>GET /v1/reports/{id}/actions</c>: what the caller may do to the report at <see cref="Version"/>, and why not
/// (<see cref="ReportActionRules"/>); the board draws its buttons from it, the routes still decide.
/// </summary>
public sealed record ReportActions(string Id, long Version, ReportStatus Status, IReadOnlyList<ReportActionOption> Items);
