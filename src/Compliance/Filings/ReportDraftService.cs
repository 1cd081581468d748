using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// Orchestrates report drafts over the stores: builds them from alerts, applies edits and lifecycle steps with the
/// version the caller saw, and writes each change with its audit entry (<see cref="IReportDraftStore"/>). Tenant
/// checks are the caller's (the routes): pass the tenant the caller may act for.
/// </summary>
public sealed class ReportDraftService(
    IReportDraftStore store, IAlertStore alerts, IAlertContextReader context, TimeProvider time, ILogger<ReportDraftService>? log = null)
{
    public const string CreatedAction = "report.created";
    public const string EditedAction = "report.edited";
    /// <summary>Lifecycle actions are audited as report.&lt;action&gt; (report.submit, report.approve, …).</summary>
    public const string ActionPrefix = "report.";
    public const int MaxAlerts = 500;

    public static readonly ActivitySource Source = new("Lepton.Monitor.Compliance.Filings");
    private static readonly Meter Meter = new("Lepton.Monitor.Compliance.Filings");
    private static readonly Counter<long> Steps = Meter.CreateCounter<long>("lepton.reports.steps", description: "report draft changes by type and step");

    private readonly ILogger _log = log ?? NullLogger<ReportDraftService>.Instance;

    /// <summary>A new draft from the given alerts, or from one entity's resolved true-positive alerts when no ids are given.</summary>
    public async Task<ReportDraft> CreateAsync(string tenant, ReportType type, IReadOnlyList<string>? alertIds, string? entity,
        string author, string? currency, FilingInstitution? filer, CancellationToken ct = default)
    {
        using var activity = Source.StartActivity("report.create");
        activity?.SetTag("lepton.tenant", tenant);
        activity?.SetTag("lepton.report.type", ReportNames.Of(type));
        var selected = await SelectAsync(tenant, alertIds, entity, ct).ConfigureAwait(false);
        if (ReportDraftBuilder.Refusal(tenant, selected) is { } refusal)
            throw new ReportRefusalException(refusal.Contains("not found", StringComparison.Ordinal) ? ReportRefusalKind.NotFound : ReportRefusalKind.BadInput, refusal);
        var evidence = new List<AlertEvidence>();
        foreach (var alert in selected)
            evidence.AddRange(await context.EvidenceAsync(alert.Id, ct).ConfigureAwait(false));
        var now = time.GetUtcNow();
        var draft = ReportDraftBuilder.Build(SortableId.New(IReportDraftStore.IdPrefix, now), tenant, type, author, now,
            currency ?? DefaultCurrency(type, evidence), selected, evidence, entity, filer);
        await store.InsertAsync(ToRow(draft), Audit(draft, author, CreatedAction, new
        {
            type = ReportNames.Of(type),
            status = ReportNames.Of(draft.Status),
            version = draft.Version,
            alerts = draft.AlertIds,
            transactions = draft.Content.Transactions.Length,
        }), ct).ConfigureAwait(false);
        Steps.Add(1, new("type", ReportNames.Of(type)), new("step", "created"));
        _log.LogInformation("Report {ReportId} ({Type}) drafted for tenant {Tenant} from {Alerts} alert(s) by {Actor}",
            draft.Id, ReportNames.Of(type), tenant, draft.AlertIds.Length, author);
        return draft;
    }

    public async Task<ReportDraft?> GetAsync(string id, CancellationToken ct = default) =>
        await store.GetAsync(id, ct).ConfigureAwait(false) is { } row ? ReportJson.Deserialize(row.Document) : null;

    public async Task<Page<ReportDraft>> ListAsync(ReportDraftQuery query, CancellationToken ct = default)
    {
        var page = await store.ListAsync(query, ct).ConfigureAwait(false);
        return new Page<ReportDraft>(page.Items.Select(r => ReportJson.Deserialize(r.Document)).ToList(), page.NextCursor);
    }

    public Task<ReportDraft> EditAsync(ReportDraft current, long expectedVersion, ReportEdit edit, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        RequireVersion(current, expectedVersion);
        var next = edit.ApplyTo(current, time.GetUtcNow());
        return SaveAsync(current, next, actor, EditedAction, new { fields = edit.Fields(), version = next.Version }, "edited", ct);
    }

    public Task<ReportDraft> TransitionAsync(ReportDraft current, long expectedVersion, string action, string actor,
        string? fiuReference, string? reason, CancellationToken ct = default)
    {
        RequireVersion(current, expectedVersion);
        var next = ReportLifecycle.Apply(current, action, actor, time.GetUtcNow(), fiuReference, reason);
        return SaveAsync(current, next, actor, ActionPrefix + action, new
        {
            from = ReportNames.Of(current.Status),
            to = ReportNames.Of(next.Status),
            version = next.Version,
            author = current.Author,
            fiuReference = next.FiuReference,
            reviewDueAt = next.ReviewDueAt,
            reason,
        }, action, ct);
    }

    public ReportExport Export(ReportDraft draft)
    {
        using var activity = Source.StartActivity("report.export");
        var export = ReportExport.Of(draft, time.GetUtcNow());
        activity?.SetTag("lepton.report.issues", export.Issues.Count);
        Steps.Add(1, new("type", ReportNames.Of(draft.Type)), new("step", export.IsValid ? "exported" : "exported-invalid"));
        return export;
    }

    private async Task<ReportDraft> SaveAsync(ReportDraft current, ReportDraft next, string actor, string auditAction, object details, string step, CancellationToken ct)
    {
        if (!await store.ReplaceAsync(ToRow(next), current.Version, Audit(next, actor, auditAction, details), ct).ConfigureAwait(false))
            throw new ReportRefusalException(ReportRefusalKind.Conflict, $"report {current.Id} changed meanwhile (version {current.Version} is stale): reload it");
        Steps.Add(1, new("type", ReportNames.Of(next.Type)), new("step", step));
        _log.LogInformation("Report {ReportId} {Step} by {Actor}: {From} -> {To}, version {Version}",
            next.Id, step, actor, ReportNames.Of(current.Status), ReportNames.Of(next.Status), next.Version);
        return next;
    }

    private static void RequireVersion(ReportDraft current, long expectedVersion)
    {
        if (current.Version != expectedVersion)
            throw new ReportRefusalException(ReportRefusalKind.Conflict, $"report {current.Id} is at version {current.Version}, not {expectedVersion}: reload it");
    }

    private async Task<IReadOnlyList<Alert>> SelectAsync(string tenant, IReadOnlyList<string>? alertIds, string? entity, CancellationToken ct)
    {
        if (alertIds is { Count: > 0 })
        {
            if (alertIds.Count > MaxAlerts)
                throw new ReportRefusalException(ReportRefusalKind.BadInput, $"alertIds: at most {MaxAlerts}");
            var found = new List<Alert>();
            foreach (var id in alertIds.Distinct(StringComparer.Ordinal))
            {
                var alert = await alerts.GetAsync(id, ct).ConfigureAwait(false);
                // Another tenant's alert is "not found", never a hint that it exists.
                if (alert is null || alert.Tenant != tenant)
                    throw new ReportRefusalException(ReportRefusalKind.NotFound, $"alerts: '{id}' not found");
                found.Add(alert);
            }
            return found;
        }
        if (string.IsNullOrWhiteSpace(entity))
            throw new ReportRefusalException(ReportRefusalKind.BadInput, "alertIds or entity: one is required");
        var ofEntity = await context.EntityAlertsAsync(tenant, entity, MaxAlerts, null, ct).ConfigureAwait(false);
        return ofEntity.Where(a => a.Status == AlertStatus.Resolved && a.Disposition == Disposition.TruePositive).ToList();
    }

    private static string DefaultCurrency(ReportType type, List<AlertEvidence> evidence)
    {
        if (type.IsFincen())
            return "USD";
        var common = evidence.Select(e => e.Record.TryGetProperty("currency", out var c) ? c.GetString() : null)
            .Where(c => c is not null).GroupBy(c => c).OrderByDescending(g => g.Count()).FirstOrDefault()?.Key;
        return common ?? "EUR";
    }

    private static StoredReportDraft ToRow(ReportDraft draft) => new(draft.Id, draft.Tenant, ReportNames.Of(draft.Type),
        ReportNames.Of(draft.Status), draft.Version, draft.UpdatedAt, draft.ReviewDueAt, ReportJson.Serialize(draft));

    private static AuditEvent Audit(ReportDraft draft, string actor, string action, object details) =>
        new(actor, draft.Tenant, action, draft.Id, details);
}
