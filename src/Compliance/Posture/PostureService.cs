using System.Text.Json;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// Orchestrates the posture of a tenant: reads its data points, weights and overrides from <see cref="IPostureStore"/>
/// and its alerts from <see cref="IAlertStore"/>, runs <see cref="PostureCalculator"/> per jurisdiction, and stores
/// every computation as a snapshot. Changes to inputs are validated here and audited by the store in their transaction.
/// </summary>
public sealed class PostureService(IPostureStore store, IAlertStore alerts, PostureOptions options, TimeProvider time, ILogger<PostureService> logger)
{
    public async Task<PostureWeights> GetWeightsAsync(string tenant, CancellationToken ct = default) =>
        await store.GetDocumentAsync(tenant, PostureDocumentKinds.Weights, "", ct) is { } json
            ? JsonSerializer.Deserialize<PostureWeights>(json, ComplianceJson.Options)!
            : PostureWeights.Default;

    /// <summary>Stores validated weights; returns the refusals (nothing stored) when they break a constraint.</summary>
    public async Task<IReadOnlyList<string>> SetWeightsAsync(string tenant, PostureWeights weights, string actor, CancellationToken ct = default)
    {
        var errors = PostureWeightsValidator.Validate(weights);
        if (errors.Count > 0)
            return errors;
        var json = JsonSerializer.Serialize(weights, ComplianceJson.Options);
        await store.PutDocumentAsync(tenant, PostureDocumentKinds.Weights, "", json,
            new AuditEvent(actor, tenant, PostureDocumentKinds.WeightsAudit, $"posture/{tenant}", json), ct);
        return [];
    }

    public async Task<PostureDataPoints?> GetDataPointsAsync(string tenant, string jurisdiction, CancellationToken ct = default) =>
        await store.GetDocumentAsync(tenant, PostureDocumentKinds.DataPoints, jurisdiction, ct) is { } json
            ? JsonSerializer.Deserialize<PostureDataPoints>(json, ComplianceJson.Options)
            : null;

    public async Task<IReadOnlyList<string>> SetDataPointsAsync(string tenant, string jurisdiction, PostureDataPoints data, string actor, CancellationToken ct = default)
    {
        var errors = PostureDataPointsValidator.Validate(data);
        if (errors.Count > 0)
            return errors;
        var json = JsonSerializer.Serialize(data, ComplianceJson.Options);
        await store.PutDocumentAsync(tenant, PostureDocumentKinds.DataPoints, jurisdiction, json,
            new AuditEvent(actor, tenant, PostureDocumentKinds.DataPointsAudit, $"posture/{tenant}/{jurisdiction}", json), ct);
        return [];
    }

    public async Task<IReadOnlyList<PostureOverride>> ListOverridesAsync(string tenant, CancellationToken ct = default) =>
        (await store.ListDocumentsAsync(tenant, PostureDocumentKinds.Override, ct))
            .Select(d => JsonSerializer.Deserialize<PostureOverride>(d.Document, ComplianceJson.Options)!)
            .OrderBy(o => o.CreatedAt)
            .ToList();

    /// <summary>
    /// Overrides the class computed now for (tenant, jurisdiction) by one class. Refused (errors, nothing stored) when the
    /// jurisdiction cannot be assessed or the override breaks <see cref="PostureOverrideRule"/>.
    /// </summary>
    public async Task<(PostureOverride? Created, IReadOnlyList<string> Errors)> AddOverrideAsync(
        string tenant, string jurisdiction, RiskClass to, string? reason, DateTimeOffset expiresAt, string actor, int modelsWithoutCurrentCard, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var (assessment, error) = await ComputeAsync(tenant, jurisdiction, now, modelsWithoutCurrentCard, ct);
        if (assessment is null)
            return (null, [error!]);
        var errors = PostureOverrideRule.Validate(assessment.Residual, to, reason, expiresAt, now);
        if (errors.Count > 0)
            return (null, errors);
        var created = new PostureOverride(SortableId.New("po-", now), tenant, jurisdiction, assessment.Residual, to, reason!.Trim(), expiresAt, actor, now);
        var json = JsonSerializer.Serialize(created, ComplianceJson.Options);
        await store.PutDocumentAsync(tenant, PostureDocumentKinds.Override, created.Id, json,
            new AuditEvent(actor, tenant, PostureDocumentKinds.OverrideAudit, $"posture/{tenant}/{jurisdiction}", json), ct);
        logger.LogInformation("Posture override {Id} for {Tenant}/{Jurisdiction}: {From} -> {To} until {ExpiresAt}", created.Id, tenant, jurisdiction, created.FromClass, to, expiresAt);
        return (created, []);
    }

    /// <summary>Assesses each jurisdiction with data points and stores a snapshot of each; the others are listed as not assessed.</summary>
    public async Task<(IReadOnlyList<PostureAssessment> Assessed, IReadOnlyList<string> NotAssessed)> AssessAsync(
        string tenant, IReadOnlyList<string> jurisdictions, int modelsWithoutCurrentCard, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var assessed = new List<PostureAssessment>();
        var skipped = new List<string>();
        foreach (var jurisdiction in jurisdictions)
        {
            var (assessment, reason) = await ComputeAsync(tenant, jurisdiction, now, modelsWithoutCurrentCard, ct);
            if (assessment is null)
            {
                skipped.Add($"{jurisdiction}: {reason}");
                continue;
            }
            await store.AppendSnapshotAsync(tenant, jurisdiction, now, PostureOverrideRule.Name(assessment.Final),
                JsonSerializer.Serialize(assessment, ComplianceJson.Options), ct);
            ComplianceTelemetry.Assessments.Add(1, new KeyValuePair<string, object?>("class", PostureOverrideRule.Name(assessment.Final)));
            assessed.Add(assessment);
        }
        return (assessed, skipped);
    }

    public async Task<IReadOnlyList<PostureAssessment>> HistoryAsync(string tenant, string? jurisdiction, int max, CancellationToken ct = default) =>
        (await store.ListSnapshotsAsync(tenant, jurisdiction, max, ct))
            .Select(s => JsonSerializer.Deserialize<PostureAssessment>(s.Document, ComplianceJson.Options)!)
            .ToList();

    private async Task<(PostureAssessment? Assessment, string? Reason)> ComputeAsync(
        string tenant, string jurisdiction, DateTimeOffset now, int modelsWithoutCurrentCard, CancellationToken ct)
    {
        using var activity = ComplianceTelemetry.Source.StartActivity("posture.assess");
        activity?.SetTag("lepton.tenant", tenant);
        activity?.SetTag("lepton.jurisdiction", jurisdiction);
        var data = await GetDataPointsAsync(tenant, jurisdiction, ct);
        if (data is null)
            return (null, "no data points reported (PUT /v1/posture/datapoints)");
        var periodStart = now.AddDays(-options.PeriodDays);
        var recent = await ReadAsync(new AlertQuery { Tenant = tenant, Jurisdiction = jurisdiction, Since = periodStart }, ct);
        var active = new List<Alert>();
        foreach (var status in new[] { AlertStatus.Open, AlertStatus.Acknowledged, AlertStatus.Snoozed, AlertStatus.Suppressed })
            active.AddRange(await ReadAsync(new AlertQuery { Tenant = tenant, Jurisdiction = jurisdiction, Status = status }, ct));
        var all = recent.Concat(active).DistinctBy(a => a.Id).ToList();
        var byKind = all.Where(a => a.FirstSeen >= periodStart && a.Kind is AlertKind.Rule or AlertKind.Model)
            .GroupBy(a => a.RuleKind, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var controls = ControlInputsBuilder.From(all, now, periodStart, options.AlertSla, modelsWithoutCurrentCard);
        var weights = await GetWeightsAsync(tenant, ct);
        var overrides = await ListOverridesAsync(tenant, ct);
        try
        {
            var assessment = PostureCalculator.Assess(tenant, jurisdiction, now, periodStart, data, byKind, controls, weights, overrides);
            activity?.SetTag("lepton.posture.class", PostureOverrideRule.Name(assessment.Final));
            return (assessment, null);
        }
        catch (ArgumentException e)
        {
            return (null, e.Message);
        }
    }

    private async Task<List<Alert>> ReadAsync(AlertQuery query, CancellationToken ct)
    {
        var items = new List<Alert>();
        string? cursor = null;
        do
        {
            var page = await alerts.QueryAsync(query with { PageSize = Paging.MaxPageSize, Cursor = cursor }, ct);
            items.AddRange(page.Items);
            cursor = page.NextCursor;
        } while (cursor is not null && items.Count < options.MaxAlertsRead);
        return items;
    }
}
