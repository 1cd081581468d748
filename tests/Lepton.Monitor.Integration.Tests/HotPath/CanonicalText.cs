using System.Globalization;
using System.Text;
using System.Text.Json;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Integration.Tests.HotPath;

/// <summary>
/// One line of text per record, rejection or alert candidate with every field the product decides, written the same way
/// whatever the in-memory types are (strings JSON-quoted, numbers invariant and round-trip), so two runs can be compared
/// by digest and, when they differ, line by line.
/// </summary>
internal static class CanonicalText
{
    /// <summary>Every field of a pseudonymized record, maps in enumeration order (the order the journal writes).</summary>
    public static string Record(MonitoredRecord r, bool withAcceptedAt = true)
    {
        var s = new StringBuilder(512);
        s.Append("id=").Append(Q(r.Id))
            .Append(" tenant=").Append(Q(r.Tenant))
            .Append(" ts=").Append(Time(r.Timestamp))
            .Append(" amount=").Append(r.Amount.ToString(CultureInfo.InvariantCulture))
            .Append(" currency=").Append(Q(r.Currency))
            .Append(" channel=").Append(r.Channel)
            .Append(" originator=").Append(Party(r.Originator))
            .Append(" beneficiary=").Append(Party(r.Beneficiary))
            .Append(" jurisdictions=").Append(r.Jurisdictions is null ? "null" : "[" + string.Join(",", r.Jurisdictions.Select(Q)) + "]")
            .Append(" subjectRegion=").Append(Q(r.DataSubjectRegion))
            .Append(" processingRegion=").Append(Q(r.ProcessingRegion))
            .Append(" memo=").Append(Q(r.Memo))
            .Append(" attributes=").Append(r.Attributes is null ? "null" : "{" + string.Join(",", r.Attributes.Select(kv => Q(kv.Key) + ":" + Q(kv.Value))) + "}")
            .Append(" features=").Append(r.Features is null ? "null" : "{" + string.Join(",", r.Features.Select(kv => Q(kv.Key) + ":" + Number(kv.Value))) + "}");
        if (withAcceptedAt)
            s.Append(" acceptedAt=").Append(Time(r.AcceptedAt));
        return s.ToString();
    }

    /// <summary>A candidate without its acceptedAt (the ingest clock's, not the rules').</summary>
    public static string Candidate(AlertCandidate c)
    {
        var e = c.Explanation;
        var s = new StringBuilder(512);
        s.Append("tenant=").Append(Q(c.Tenant))
            .Append(" jurisdiction=").Append(Q(c.Jurisdiction))
            .Append(" kind=").Append(c.Kind)
            .Append(" rule=").Append(Q(c.RuleId)).Append('/').Append(Q(c.RuleKind))
            .Append(" severity=").Append(c.Severity)
            .Append(" fingerprint=").Append(Q(c.Fingerprint))
            .Append(" entity=").Append(Q(c.Entity))
            .Append(" record=").Append(Q(c.RecordId))
            .Append(" eventTime=").Append(Time(c.EventTime))
            .Append(" score=").Append(c.Score is { } score ? Number(score) : "null")
            .Append(" model=").Append(Q(c.ModelVersion))
            .Append(" evidenceIds=").Append(c.EvidenceRecordIds is null ? "null" : "[" + string.Join(",", c.EvidenceRecordIds.Select(Q)) + "]")
            .Append(" summary=").Append(Q(e.Summary))
            .Append(" ruleRef=").Append(Q(e.Rule.Id)).Append('/').Append(Q(e.Rule.Kind)).Append('/').Append(Q(e.Rule.LegalSource))
            .Append(" values=[").Append(string.Join(",", e.Values.Select(v => $"{Q(v.Name)} {Value(v.Value)} {Q(v.Op)} {Value(v.Threshold)}"))).Append(']')
            .Append(" modelExplanation=").Append(e.Model is not { } m ? "null"
                : $"{Q(m.Version)} {Number(m.Score)} {Number(m.Threshold)} [{string.Join(",", m.Contributions.Select(f => $"{Q(f.Feature)}:{Number(f.Value)}:{Number(f.Contribution)}"))}]")
            .Append(" evidence=").Append(c.Evidence is null ? "null" : "{" + Record(c.Evidence, withAcceptedAt: false) + "}");
        return s.ToString();
    }

    public static string Q(string? s) => s is null ? "null" : JsonSerializer.Serialize(s);

    public static string Number(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    private static string Party(Party? p) =>
        p is null ? "null" : $"{{account={Q(p.Account)} name={Q(p.Name)} country={Q(p.Country)} customer={Q(p.CustomerId)}}}";

    // Explanation values are boxed numbers or strings; the type is part of what the API answers.
    private static string Value(object? v) => v switch
    {
        null => "null",
        string text => Q(text),
        double d => "double:" + Number(d),
        float f => "float:" + f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => v.GetType().Name + ":" + f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.GetType().Name + ":" + Q(v.ToString()),
    };
}
