using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Compliance.Exports;

/// <summary>One alert as an auditor reads it: identity, rule and legal source, handling (status, disposition, who), times.</summary>
public sealed record AlertExportRow(
    string Id,
    string Tenant,
    string Jurisdiction,
    string Kind,
    string RuleId,
    string RuleKind,
    string? LegalSource,
    string Severity,
    string Status,
    string? Disposition,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset UpdatedAt,
    int Count,
    string Entity,
    string? Assignee,
    int Comments,
    long Version,
    string Summary)
{
    public static AlertExportRow From(Alert a) => new(
        a.Id, a.Tenant, a.Jurisdiction, Kebab(a.Kind.ToString()), a.RuleId, a.RuleKind, a.Explanation.Rule?.LegalSource,
        Kebab(a.Severity.ToString()), Kebab(a.Status.ToString()), a.Disposition is { } d ? Kebab(d.ToString()) : null,
        a.FirstSeen, a.LastSeen, a.UpdatedAt, a.Count, a.Entity, a.Assignee, a.Comments.Length, a.Version, a.Explanation.Summary);

    /// <summary>TruePositive → true-positive: the API's spelling of enum values.</summary>
    internal static string Kebab(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
                builder.Append('-');
            builder.Append(char.ToLowerInvariant(pascal[i]));
        }
        return builder.ToString();
    }
}
