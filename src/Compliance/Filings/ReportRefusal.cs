namespace Lepton.Monitor.Compliance.Filings;

/// <summary>Why a report action was refused, mapped by the routes to 400, 403, 404 or 409.</summary>
public enum ReportRefusalKind { BadInput, Forbidden, NotFound, Conflict }

/// <summary>A refused report action with a reason a person can act on.</summary>
public sealed class ReportRefusalException(ReportRefusalKind kind, string message) : Exception(message)
{
    public ReportRefusalKind Kind { get; } = kind;
}
