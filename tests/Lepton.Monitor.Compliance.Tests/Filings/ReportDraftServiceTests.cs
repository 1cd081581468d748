using Lepton.Monitor.Compliance.Filings;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Compliance.Tests.Filings;

/// <summary>The draft lifecycle on the real embedded store: alerts with evidence, drafts, audit chain.</summary>
public sealed class ReportDraftServiceTests : IDisposable
{
    private const string Tenant = "acme";
    private const string Subject = "p_subject000000000000000";

    private readonly TempFolder _folder = new();
    private readonly LeptonDatabase _db;
    private readonly ManualClock _time = new(Samples.Day.AddDays(10));
    private readonly SqliteAlertStore _alerts;
    private readonly SqliteAuditLog _audit;
    private readonly ReportDraftService _service;

    public ReportDraftServiceTests()
    {
        _db = LeptonDatabase.Open(_folder.Path, createIfEmpty: true);
        _alerts = new SqliteAlertStore(_db, _time);
        _audit = new SqliteAuditLog(_db, _time);
        _service = new ReportDraftService(new SqliteReportDraftStore(_db, _time), _alerts, new SqliteAlertContext(_db), _time);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_draft_from_resolved_true_positives_is_prefilled_from_alerts_and_evidence()
    {
        var alertId = await RaiseResolvedAsync(Tenant, Subject, [9_500m, 9_400m, 9_800m]);

        var draft = await _service.CreateAsync(Tenant, ReportType.FincenSar, [alertId], null, "key-author", null, Samples.Filer);

        Assert.Equal(ReportStatus.Draft, draft.Status);
        Assert.Equal([alertId], draft.AlertIds);
        Assert.Equal(3, draft.Content.Transactions.Length);
        Assert.Equal(28_700m, ReportTotals.Amount(draft.Content));
        Assert.Equal(Subject, Assert.Single(draft.Content.Subjects).Pseudonym);
        Assert.Equal(["p_account00000000000000"], draft.Content.Subjects[0].Accounts);
        Assert.Equal(new ReportClassification(1, 114, "Structuring: transaction(s) below CTR threshold"), Assert.Single(draft.Content.Classifications));
        Assert.Contains("3 cash deposits", draft.Content.Narrative, StringComparison.Ordinal);
        Assert.Contains("31 CFR 1010.314", draft.Content.Narrative, StringComparison.Ordinal);
        Assert.True(_service.Export(draft).IsValid, string.Join("; ", _service.Export(draft).Issues.Select(i => i.Path + " " + i.Message)));
        Assert.Equal(ReportJson.Serialize(draft), ReportJson.Serialize((await _service.GetAsync(draft.Id))!));
    }

    [Fact]
    public async Task Open_or_false_positive_alerts_and_other_tenants_alerts_are_refused()
    {
        var open = await RaiseAsync(Tenant, Subject, [9_000m]);
        var other = await RaiseResolvedAsync("globex", Subject, [9_000m]);

        var notResolved = await Assert.ThrowsAsync<ReportRefusalException>(() => _service.CreateAsync(Tenant, ReportType.FincenSar, [open], null, "a", null, null));
        var foreign = await Assert.ThrowsAsync<ReportRefusalException>(() => _service.CreateAsync(Tenant, ReportType.FincenSar, [other], null, "a", null, null));

        Assert.Equal(ReportRefusalKind.BadInput, notResolved.Kind);
        Assert.Contains("true positive", notResolved.Message, StringComparison.Ordinal);
        Assert.Equal(ReportRefusalKind.NotFound, foreign.Kind);
    }

    [Fact]
    public async Task An_entitys_resolved_true_positives_make_a_draft()
    {
        await RaiseResolvedAsync(Tenant, Subject, [9_500m]);
        await RaiseAsync(Tenant, Subject, [9_100m], fingerprint: "other");

        var draft = await _service.CreateAsync(Tenant, ReportType.GoamlStr, null, Subject, "key-author", "USD", Samples.Filer);

        Assert.Single(draft.AlertIds);
        Assert.Equal(Subject, draft.Entity);
        Assert.Equal(["STRUCTURING"], draft.Content.Indicators);
    }

    [Fact]
    public async Task Lifecycle_with_four_eyes_writes_every_step_to_the_verified_audit_chain()
    {
        var alertId = await RaiseResolvedAsync(Tenant, Subject, [9_500m, 9_400m]);
        var draft = await _service.CreateAsync(Tenant, ReportType.FincenSar, [alertId], null, "key-author", null, Samples.Filer);

        draft = await _service.EditAsync(draft, draft.Version, new ReportEdit { Narrative = "Edited narrative." }, "key-author");
        draft = await _service.TransitionAsync(draft, draft.Version, ReportLifecycle.Submit, "key-author", null, null);
        var self = await Assert.ThrowsAsync<ReportRefusalException>(() => _service.TransitionAsync(draft, draft.Version, ReportLifecycle.Approve, "key-author", null, null));
        Assert.Equal(ReportRefusalKind.Forbidden, self.Kind);
        var editWhileInReview = await Assert.ThrowsAsync<ReportRefusalException>(() => _service.EditAsync(draft, draft.Version, new ReportEdit { Narrative = "x" }, "key-author"));
        Assert.Equal(ReportRefusalKind.Conflict, editWhileInReview.Kind);
        var stale = await Assert.ThrowsAsync<ReportRefusalException>(() => _service.TransitionAsync(draft, draft.Version - 1, ReportLifecycle.Approve, "key-mlro", null, null));
        Assert.Equal(ReportRefusalKind.Conflict, stale.Kind);

        draft = await _service.TransitionAsync(draft, draft.Version, ReportLifecycle.Approve, "key-mlro", null, null);
        var noReference = await Assert.ThrowsAsync<ReportRefusalException>(() => _service.TransitionAsync(draft, draft.Version, ReportLifecycle.File, "key-author", null, null));
        Assert.Equal(ReportRefusalKind.BadInput, noReference.Kind);
        draft = await _service.TransitionAsync(draft, draft.Version, ReportLifecycle.File, "key-author", "31000123456789", null);

        Assert.Equal(ReportStatus.Filed, draft.Status);
        Assert.Equal("key-mlro", draft.Approver);
        Assert.Equal(_time.GetUtcNow().AddDays(90), draft.ReviewDueAt);
        Assert.Equal(5, draft.Version);
        var history = await _audit.ListForTargetAsync(draft.Id, Tenant, 100);
        Assert.Equal(["report.created", "report.edited", "report.submit", "report.approve", "report.file"], history.Select(h => h.Action));
        Assert.Equal(["key-author", "key-author", "key-author", "key-mlro", "key-author"], history.Select(h => h.Actor));
        Assert.Contains("\"fiuReference\":\"31000123456789\"", history[^1].Details, StringComparison.Ordinal);
        Assert.DoesNotContain("Edited narrative", history[1].Details, StringComparison.Ordinal);
        var verification = await _audit.VerifyAsync();
        Assert.True(verification.Valid, verification.Reason);
    }

    [Fact]
    public async Task A_returned_report_goes_back_to_draft_and_its_submitter_cannot_approve_either()
    {
        var alertId = await RaiseResolvedAsync(Tenant, Subject, [9_500m]);
        var draft = await _service.CreateAsync(Tenant, ReportType.FincenSar, [alertId], null, "key-author", null, Samples.Filer);
        draft = await _service.TransitionAsync(draft, draft.Version, ReportLifecycle.Submit, "key-colleague", null, null);

        await Assert.ThrowsAsync<ReportRefusalException>(() => _service.TransitionAsync(draft, draft.Version, ReportLifecycle.Approve, "key-colleague", null, null));
        await Assert.ThrowsAsync<ReportRefusalException>(() => _service.TransitionAsync(draft, draft.Version, ReportLifecycle.Return, "key-mlro", null, null));
        draft = await _service.TransitionAsync(draft, draft.Version, ReportLifecycle.Return, "key-mlro", null, "name the source of funds");

        Assert.Equal(ReportStatus.Draft, draft.Status);
        Assert.Null(draft.SubmittedBy);
    }

    [Fact]
    public async Task Lists_are_per_tenant_and_newest_first()
    {
        var a = await RaiseResolvedAsync(Tenant, Subject, [9_500m]);
        var b = await RaiseResolvedAsync("globex", Subject, [9_500m]);
        var first = await _service.CreateAsync(Tenant, ReportType.FincenSar, [a], null, "k", null, null);
        var second = await _service.CreateAsync(Tenant, ReportType.FincenCtr, [a], null, "k", null, null);
        await _service.CreateAsync("globex", ReportType.FincenSar, [b], null, "k", null, null);

        var page = await _service.ListAsync(new ReportDraftQuery(Tenant, PageSize: 1));
        var next = await _service.ListAsync(new ReportDraftQuery(Tenant, PageSize: 1, Cursor: page.NextCursor));

        Assert.Equal(second.Id, Assert.Single(page.Items).Id);
        Assert.Equal(first.Id, Assert.Single(next.Items).Id);
        Assert.Null(next.NextCursor);
    }

    private async Task<string> RaiseResolvedAsync(string tenant, string entity, decimal[] amounts)
    {
        var id = await RaiseAsync(tenant, entity, amounts);
        await _alerts.UpdateAsync(id, a => a with { Status = AlertStatus.Resolved, Disposition = Disposition.TruePositive });
        return id;
    }

    private async Task<string> RaiseAsync(string tenant, string entity, decimal[] amounts, string fingerprint = "fp")
    {
        var candidates = amounts.Select((amount, i) =>
        {
            var record = new MonitoredRecord($"{tenant}-{fingerprint}-r{i}-{Guid.NewGuid():N}", tenant, Samples.Day.AddHours(i), amount, "USD", PaymentChannel.Cash,
                new Party("p_account00000000000000", "p_name0000000000000000000", "US", entity), new Party("p_bankcash000000000000", null, "US", null),
                ["US"], null, null, null, null, null);
            var alert = Samples.ResolvedAlert("x", tenant, entity);
            return new AlertCandidate(tenant, "US", AlertKind.Rule, alert.RuleId, alert.RuleKind, Severity.High, fingerprint + tenant + entity, entity,
                record.Id, record.Timestamp, null, null, alert.Explanation, record.Timestamp, Evidence: record);
        }).ToList();
        await _alerts.UpsertAsync(candidates);
        var page = await _alerts.QueryAsync(new AlertQuery { Tenant = tenant, PageSize = 50 });
        return page.Items.First(a => a.Fingerprint == fingerprint + tenant + entity).Id;
    }
}
