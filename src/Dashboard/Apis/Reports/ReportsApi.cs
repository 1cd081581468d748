using Lepton.Monitor.Compliance.Filings;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Authorization;

namespace Lepton.Monitor.Dashboard.Apis.Reports;

/// <summary>
/// /v1/reports (issue 21): regulator report drafts from resolved true-positive alerts. admin, analyst and approver
/// read, draft, edit, submit and file; approving or returning a report in review needs the approver role (or admin),
/// and never by its author or submitter (four-eyes, <see cref="ReportLifecycle"/>). Always within the caller's
/// tenant: another tenant's report answers 404. Logic lives in <see cref="ReportDraftService"/> and
/// <see cref="ReportActionRules"/>; these only map. The board reads <c>/v1/board/reports</c> and
/// <c>/v1/board/reports/{id}</c> (summaries with their validation issue count and the people's names),
/// <c>/actions</c> (what the caller may do, and why not) and <c>/history</c> (with the actors' names).
/// </summary>
public static class ReportsApi
{
    /// <summary>The board's list validates every row it answers: a page stays small.</summary>
    public const int MaxBoardPageSize = 200;
    private const int MaxHistoryEntries = 1_000;

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder v1)
    {
        const string Policy = Roles.Policies.DraftReports;
        v1.MapGet("/reports", List).RequireAuthorization(Policy);
        v1.MapGet("/board/reports", Summaries).RequireAuthorization(Policy);
        v1.MapGet("/board/reports/{id}", Summary).RequireAuthorization(Policy);
        v1.MapPost("/reports", Create).RequireAuthorization(Policy);
        v1.MapGet("/reports/{id}", Get).RequireAuthorization(Policy);
        v1.MapPatch("/reports/{id}", Edit).RequireAuthorization(Policy);
        v1.MapPost("/reports/{id}/transitions", Transition).RequireAuthorization(Policy);
        v1.MapGet("/reports/{id}/validation", Validate).RequireAuthorization(Policy);
        v1.MapGet("/reports/{id}/export", Export).RequireAuthorization(Policy);
        v1.MapGet("/reports/{id}/actions", Actions).RequireAuthorization(Policy);
        v1.MapGet("/reports/{id}/history", History).RequireAuthorization(Policy);
        return v1;
    }

    /// <summary>
    /// <c>reviewDue=true</c>: only filed reports whose continuing-activity review is due now; <c>alert</c>: only those
    /// drafted from that alert.
    /// </summary>
    public static async Task<IResult> List(HttpContext http, ReportDraftService reports, TimeProvider time, string? tenant, string? status, bool? reviewDue, string? alert, int? pageSize, string? cursor)
    {
        if (!TryQuery(http, time, tenant, status, reviewDue, alert, pageSize, cursor, out var query, out var refusal))
            return refusal;
        if (query is null)
            return TypedResults.Ok(new Page<ReportDraft>([], null));
        try
        {
            return TypedResults.Ok(await reports.ListAsync(query, http.RequestAborted));
        }
        catch (ArgumentException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
    }

    /// <summary>
    /// The board's list: the same filters as <see cref="List"/>, each draft as a <see cref="ReportSummary"/> with the
    /// number of issues its export has now (validated per row, so pages stay at most <see cref="MaxBoardPageSize"/>) and
    /// the names of its author, submitter and approver (one key lookup for the page).
    /// </summary>
    public static async Task<IResult> Summaries(HttpContext http, ReportDraftService reports, IApiKeyStore keys, TimeProvider time, string? tenant, string? status, bool? reviewDue, string? alert, int? pageSize, string? cursor)
    {
        if (pageSize > MaxBoardPageSize)
            return TypedResults.BadRequest(new ApiError($"pageSize: at most {MaxBoardPageSize}"));
        if (!TryQuery(http, time, tenant, status, reviewDue, alert, pageSize, cursor, out var query, out var refusal))
            return refusal;
        if (query is null)
            return TypedResults.Ok(new Page<ReportSummary>([], null));
        try
        {
            var page = await reports.ListAsync(query, http.RequestAborted);
            var now = time.GetUtcNow();
            var names = await PersonNames.LookUpAsync(keys, http.User, page.Items.SelectMany(ReportSummary.People), http.RequestAborted);
            return TypedResults.Ok(new Page<ReportSummary>(
                [.. page.Items.Select(d => ReportSummary.Of(d, ReportExport.Of(d, now).Issues.Count, names))], page.NextCursor));
        }
        catch (ArgumentException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
    }

    /// <summary>One report as a list row: the detail page's header, with the people's names.</summary>
    public static async Task<IResult> Summary(HttpContext http, ReportDraftService reports, IApiKeyStore keys, TimeProvider time, string id)
    {
        if (await FindAsync(http, reports, id) is not { } draft)
            return NotFound(id);
        var names = await PersonNames.LookUpAsync(keys, http.User, ReportSummary.People(draft), http.RequestAborted);
        return TypedResults.Ok(ReportSummary.Of(draft, ReportExport.Of(draft, time.GetUtcNow()).Issues.Count, names));
    }

    /// <summary>A list query from the parameters; a null query (and true) when the caller asked for another tenant: an empty page.</summary>
    private static bool TryQuery(HttpContext http, TimeProvider time, string? tenant, string? status, bool? reviewDue, string? alert, int? pageSize, string? cursor,
        out ReportDraftQuery? query, out IResult refusal)
    {
        var caller = Caller.From(http.User);
        query = null;
        refusal = TypedResults.Ok();
        if (!PageQuery.TryGetPageSize(pageSize, out var size, out var error))
        {
            refusal = TypedResults.BadRequest(new ApiError(error!));
            return false;
        }
        if (status is not null && !ReportNames.TryParseStatus(status, out _))
        {
            refusal = TypedResults.BadRequest(new ApiError("status: must be one of draft|ready-for-review|approved|filed"));
            return false;
        }
        if (caller.Tenant is not null && tenant is not null && tenant != caller.Tenant)
            return true;
        query = new ReportDraftQuery(caller.ScopeFilter(tenant), status, size, cursor)
        {
            ReviewDueBy = reviewDue == true ? time.GetUtcNow() : null,
            AlertId = string.IsNullOrEmpty(alert) ? null : alert,
        };
        return true;
    }

    public static async Task<IResult> Create(HttpContext http, ReportDraftService reports, ITenantStore tenants, CreateReportBody? body)
    {
        if (body is null)
            return TypedResults.BadRequest(new ApiError("body: required, { type, alertIds | entity, tenant?, currency?, filer? }"));
        if (!ReportNames.TryParseType(body.Type, out var type))
            return TypedResults.BadRequest(new ApiError("type: must be one of fincen-sar|fincen-ctr|goaml-str|goaml-ctr"));
        var caller = Caller.From(http.User);
        if (!TenantScope.TryResolve(caller, body.Tenant, tenants, out var tenant, out var refusal))
            return refusal;
        return await RunAsync(async () =>
        {
            var draft = await reports.CreateAsync(tenant.Id, type, body.AlertIds, body.Entity, caller.KeyId, body.Currency, body.Filer, http.RequestAborted);
            return TypedResults.Created($"/v1/reports/{draft.Id}", draft);
        });
    }

    public static async Task<IResult> Get(HttpContext http, ReportDraftService reports, string id) =>
        await FindAsync(http, reports, id) is { } draft ? TypedResults.Ok(draft) : NotFound(id);

    public static async Task<IResult> Edit(HttpContext http, ReportDraftService reports, string id, EditReportBody? body)
    {
        if (body?.Version is not { } version)
            return TypedResults.BadRequest(new ApiError("version: required (the report's version you edited)"));
        if (await FindAsync(http, reports, id) is not { } draft)
            return NotFound(id);
        return await RunAsync(async () =>
            TypedResults.Ok(await reports.EditAsync(draft, version, body.ToEdit(), Caller.From(http.User).KeyId, http.RequestAborted)));
    }

    public static async Task<IResult> Transition(HttpContext http, ReportDraftService reports, IAuthorizationService authorization, string id, ReportTransitionBody? body)
    {
        if (body?.Version is not { } version)
            return TypedResults.BadRequest(new ApiError("version: required (the report's version you acted on)"));
        if (body.Action is null || !ReportLifecycle.Actions.Contains(body.Action))
            return TypedResults.BadRequest(new ApiError($"action: must be one of {string.Join('|', ReportLifecycle.Actions)}"));
        var caller = Caller.From(http.User);
        if (await FindAsync(http, reports, id) is not { } draft)
            return NotFound(id);
        if (ReportLifecycle.NeedsApprover(body.Action)
            && !(await authorization.AuthorizeAsync(http.User, Roles.Policies.ApproveReports)).Succeeded)
            return TypedResults.Json(new ApiError($"{body.Action}: needs the approver role"), statusCode: StatusCodes.Status403Forbidden);
        return await RunAsync(async () => TypedResults.Ok(
            await reports.TransitionAsync(draft, version, body.Action, caller.KeyId, body.FiuReference, body.Reason, http.RequestAborted)));
    }

    public static async Task<IResult> Validate(HttpContext http, ReportDraftService reports, string id)
    {
        if (await FindAsync(http, reports, id) is not { } draft)
            return NotFound(id);
        var export = reports.Export(draft);
        return TypedResults.Ok(new ReportValidation(export.IsValid, export.Issues));
    }

    /// <summary>
    /// The regulator XML as a download. One that does not validate answers 422 with every issue, unless
    /// <c>allowInvalid=true</c> (a goAML draft lacks client names until `lepton report fill` adds them).
    /// </summary>
    public static async Task<IResult> Export(HttpContext http, ReportDraftService reports, string id, bool? allowInvalid)
    {
        if (await FindAsync(http, reports, id) is not { } draft)
            return NotFound(id);
        var export = reports.Export(draft);
        if (!export.IsValid && allowInvalid != true)
            return TypedResults.UnprocessableEntity(new ReportInvalid($"report {id} does not validate ({export.Issues.Count} issue(s)); fix them or pass allowInvalid=true", export.Issues));
        http.Response.Headers["Lepton-Validation-Issues"] = export.Issues.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(export.Xml), "application/xml", $"{draft.Id}-{ReportNames.Of(draft.Type)}.xml");
    }

    /// <summary>What the caller may do to the report now, and the reason beside each action they may not take.</summary>
    public static async Task<IResult> Actions(HttpContext http, ReportDraftService reports, IAuthorizationService authorization, string id)
    {
        if (await FindAsync(http, reports, id) is not { } draft)
            return NotFound(id);
        var mayApprove = (await authorization.AuthorizeAsync(http.User, Roles.Policies.ApproveReports)).Succeeded;
        return TypedResults.Ok(new ReportActions(draft.Id, draft.Version, draft.Status,
            ReportActionRules.For(draft, Caller.From(http.User).KeyId, mayApprove)));
    }

    /// <summary>The report's audit entries, oldest first: its creation, edits and transitions, each actor also by name.</summary>
    public static async Task<IResult> History(HttpContext http, ReportDraftService reports, IAuditLog audit, IApiKeyStore keys, string id)
    {
        if (await FindAsync(http, reports, id) is not { } draft)
            return NotFound(id);
        var entries = await audit.ListForTargetAsync(draft.Id, draft.Tenant, MaxHistoryEntries, http.RequestAborted);
        var names = await PersonNames.LookUpAsync(keys, http.User, entries.Select(e => e.Actor), http.RequestAborted);
        return TypedResults.Ok(new ReportHistory([.. entries.Select(e => ReportHistoryItem.From(e, names))]));
    }

    private static async Task<ReportDraft?> FindAsync(HttpContext http, ReportDraftService reports, string id)
    {
        var draft = await reports.GetAsync(id, http.RequestAborted);
        return draft is not null && Caller.From(http.User).CanAccess(draft.Tenant) ? draft : null;
    }

    private static IResult NotFound(string id) => TypedResults.NotFound(new ApiError($"report '{id}' not found"));

    private static async Task<IResult> RunAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ReportRefusalException e)
        {
            return e.Kind switch
            {
                ReportRefusalKind.NotFound => TypedResults.NotFound(new ApiError(e.Message)),
                ReportRefusalKind.Conflict => TypedResults.Conflict(new ApiError(e.Message)),
                ReportRefusalKind.Forbidden => TypedResults.Json(new ApiError(e.Message), statusCode: StatusCodes.Status403Forbidden),
                _ => TypedResults.BadRequest(new ApiError(e.Message)),
            };
        }
    }
}
