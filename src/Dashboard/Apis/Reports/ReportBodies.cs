using Lepton.Monitor.Compliance.Filings;

namespace Lepton.Monitor.Dashboard.Apis.Reports;

/// <summary>POST /v1/reports: a draft of <see cref="Type"/> from the given alerts, or from one entity's resolved true positives.</summary>
public sealed record CreateReportBody(
    string? Tenant, string? Type, string[]? AlertIds, string? Entity, string? Currency, FilingInstitution? Filer);

/// <summary>PATCH /v1/reports/{id}: the version the edit was made on, and the fields it changes.</summary>
public sealed record EditReportBody(
    long? Version, string? Narrative, DateOnly? ActivityFrom, DateOnly? ActivityTo, string? Currency,
    ReportClassification[]? Classifications, string[]? Indicators, FilingInstitution? Filer, string? PriorFiuReference)
{
    public ReportEdit ToEdit() => new()
    {
        Narrative = Narrative,
        ActivityFrom = ActivityFrom,
        ActivityTo = ActivityTo,
        Currency = Currency,
        Classifications = Classifications,
        Indicators = Indicators,
        Filer = Filer,
        PriorFiuReference = PriorFiuReference,
    };
}

/// <summary>POST /v1/reports/{id}/transitions: submit | return | approve | file, on the version seen.</summary>
public sealed record ReportTransitionBody(long? Version, string? Action, string? FiuReference, string? Reason);

/// <summary>GET /v1/reports/{id}/validation: the export's issues (FinCEN XSD, or goAML coded rules).</summary>
public sealed record ReportValidation(bool Valid, IReadOnlyList<ValidationIssue> Issues);

/// <summary>A 422 of an export that does not validate: why, and every issue.</summary>
public sealed record ReportInvalid(string Error, IReadOnlyList<ValidationIssue> Issues);
