using System.Text;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// The first draft of a report's narrative, from the alerts' explanations: who (pseudonyms, to be named by the filer),
/// what and when (period, count and total), why (each rule's summary, legal source and the values that crossed) and
/// how it was classified. The compliance officer edits it before review; FinCEN takes up to 5 × 4,000 characters.
/// </summary>
public static class NarrativeDrafter
{
    public const int MaxLength = 5 * 4000;

    public static string Draft(ReportType type, IReadOnlyList<Alert> alerts, ReportContent content)
    {
        var text = new StringBuilder();
        var subjects = string.Join(", ", content.Subjects.Select(s => s.Pseudonym));
        var total = ReportTotals.Amount(content);
        text.Append(CultureInfo.InvariantCulture,
            $"Between {content.ActivityFrom:yyyy-MM-dd} and {content.ActivityTo:yyyy-MM-dd}, {content.Transactions.Length} transaction(s) ")
            .Append(CultureInfo.InvariantCulture, $"totalling {total:0.00} {content.Currency} involving subject(s) {subjects} ")
            .Append(CultureInfo.InvariantCulture, $"raised {alerts.Count} alert(s) that investigators resolved as true positives.");
        if (type is ReportType.FincenCtr or ReportType.GoamlCtr)
            text.Append(" This report covers the currency transactions above the reporting threshold.");
        text.AppendLine().AppendLine();
        foreach (var alert in alerts.OrderBy(a => a.FirstSeen))
        {
            var e = alert.Explanation;
            text.Append(CultureInfo.InvariantCulture, $"- {alert.FirstSeen:yyyy-MM-dd}: {e.Summary} (rule {alert.RuleId}");
            if (!string.IsNullOrWhiteSpace(e.Rule.LegalSource))
                text.Append("; ").Append(e.Rule.LegalSource);
            text.Append(')');
            if (e.Values.Length > 0)
            {
                text.Append(": ").AppendJoin("; ", e.Values.Select(v =>
                    v.Threshold is null ? $"{v.Name} {v.Op} {Format(v.Value)}" : $"{v.Name} {Format(v.Value)} {v.Op} {Format(v.Threshold)}"));
            }
            if (alert.Count > 1)
                text.Append(CultureInfo.InvariantCulture, $"; {alert.Count} records");
            text.AppendLine(".");
            foreach (var comment in alert.Comments)
                text.Append("  Investigator note: ").AppendLine(comment.Text.Trim());
        }
        if (content.Classifications.Length > 0)
        {
            text.AppendLine().Append("Classified as: ")
                .AppendJoin("; ", content.Classifications.Select(c => c.Label)).AppendLine(".");
        }
        text.AppendLine().Append("[Compliance officer: describe the subject(s), the source of funds and why the activity is suspicious.]");
        var narrative = text.ToString();
        return narrative.Length <= MaxLength ? narrative : narrative[..MaxLength];
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
