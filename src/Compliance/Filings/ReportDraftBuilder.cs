using System.Text.Json;
using System.Text.Json.Serialization;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// Pre-fills a draft from resolved true-positive alerts and their evidence records: subjects (the alerts' entities,
/// with the account pseudonyms seen on their side), transactions (each evidence record once), the activity period,
/// SAR classification and goAML indicators from <see cref="ClassificationTable"/>, and the narrative from the
/// explanations (<see cref="NarrativeDrafter"/>). CTR drafts keep only cash transactions.
/// </summary>
public static class ReportDraftBuilder
{
    private static readonly JsonSerializerOptions RecordJson = CreateRecordJson();

    /// <summary>Why these alerts cannot make a report, or null when they can.</summary>
    public static string? Refusal(string tenant, IReadOnlyList<Alert> alerts)
    {
        if (alerts.Count == 0)
            return "alerts: no resolved true-positive alerts selected";
        foreach (var alert in alerts)
        {
            if (alert.Tenant != tenant)
                return $"alerts: '{alert.Id}' not found";
            if (alert.Status != AlertStatus.Resolved || alert.Disposition != Disposition.TruePositive)
                return $"alerts: '{alert.Id}' is not resolved as a true positive (status {alert.Status}, disposition {alert.Disposition?.ToString() ?? "none"})";
        }
        return null;
    }

    public static ReportDraft Build(
        string id, string tenant, ReportType type, string author, DateTimeOffset now, string currency,
        IReadOnlyList<Alert> alerts, IReadOnlyList<AlertEvidence> evidence, string? entity = null, FilingInstitution? filer = null)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(evidence);
        var records = evidence
            .GroupBy(e => e.RecordId, StringComparer.Ordinal)
            .Select(g => g.First())
            .Select(e => (e.Entity, Record: e.Record.Deserialize<MonitoredRecord>(RecordJson)!))
            .Where(r => r.Record is not null)
            .Where(r => type is not (ReportType.FincenCtr or ReportType.GoamlCtr) || r.Record.Channel == PaymentChannel.Cash)
            .OrderBy(r => r.Record.Timestamp)
            .ToList();
        var entities = alerts.Select(a => a.Entity).Distinct(StringComparer.Ordinal).ToList();
        var subjects = entities.Select(e => Subject(e, records.Select(r => r.Record))).ToArray();
        var transactions = records.Select(r => Transaction(r.Record)).ToArray();
        var first = transactions.Length > 0 ? transactions[0].Timestamp : alerts.Min(a => a.FirstSeen);
        var last = transactions.Length > 0 ? transactions[^1].Timestamp : alerts.Max(a => a.LastSeen);
        var kinds = alerts.Select(a => a.RuleKind).ToList();
        var content = new ReportContent
        {
            Narrative = "",
            ActivityFrom = DateOnly.FromDateTime(first.UtcDateTime),
            ActivityTo = DateOnly.FromDateTime(last.UtcDateTime),
            Currency = currency,
            Classifications = type == ReportType.FincenSar ? ClassificationTable.SarClassifications(kinds) : [],
            Indicators = type is ReportType.GoamlStr or ReportType.GoamlCtr ? ClassificationTable.GoAmlIndicators(kinds) : [],
            Subjects = subjects,
            Transactions = transactions,
            Filer = filer ?? new FilingInstitution(),
        };
        content = content with { Narrative = NarrativeDrafter.Draft(type, alerts, content) };
        return new ReportDraft
        {
            Id = id,
            Tenant = tenant,
            Type = type,
            Author = author,
            CreatedAt = now,
            UpdatedAt = now,
            AlertIds = alerts.Select(a => a.Id).ToArray(),
            Entity = entity,
            Content = content,
        };
    }

    private static ReportParty Subject(string entity, IEnumerable<MonitoredRecord> records)
    {
        var accounts = new SortedSet<string>(StringComparer.Ordinal);
        string? country = null;
        foreach (var record in records)
        {
            foreach (var side in new[] { record.Originator, record.Beneficiary })
            {
                if (side is null || (side.CustomerId != entity && side.Account != entity))
                    continue;
                if (side.Account is not null)
                    accounts.Add(side.Account);
                country ??= side.Country;
            }
        }
        return new ReportParty(entity, accounts.ToArray(), country);
    }

    private static ReportTransaction Transaction(MonitoredRecord r) => new(
        r.Id, r.Timestamp, r.Amount, r.Currency, ChannelName(r.Channel),
        r.Originator is { } o ? new ReportTransactionSide(o.CustomerId, o.Account, o.Country) : null,
        r.Beneficiary is { } b ? new ReportTransactionSide(b.CustomerId, b.Account, b.Country) : null,
        r.Jurisdictions ?? []);

    private static string ChannelName(PaymentChannel channel) => JsonNamingPolicy.KebabCaseLower.ConvertName(channel.ToString());

    private static JsonSerializerOptions CreateRecordJson()
    {
        // As the alert store writes evidence (web defaults, kebab-case enums).
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        return options;
    }
}
