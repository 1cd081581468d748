using Lepton.Monitor.Alerting.Webhooks;
using Lepton.Monitor.Dashboard.Apis.Subscriptions;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// GET|POST|DELETE /v1/subscriptions (webhooks; admin and integration keys, a scoped key only its tenant's), secret
/// rotation, the delivery log and replay. The secret is in the answers of POST and rotate-secret only.
/// </summary>
public static class SubscriptionsApi
{
    /// <summary>Enabled subscriptions one tenant may have.</summary>
    public const int MaxPerTenant = 100;

    public static RouteGroupBuilder MapSubscriptionsApi(this RouteGroupBuilder v1)
    {
        const string Policy = Roles.Policies.ManageSubscriptions;
        v1.MapPost("/subscriptions", Create).RequireAuthorization(Policy);
        v1.MapGet("/subscriptions", List).RequireAuthorization(Policy);
        v1.MapGet("/subscriptions/{id}", Get).RequireAuthorization(Policy);
        v1.MapDelete("/subscriptions/{id}", Delete).RequireAuthorization(Policy);
        v1.MapPost("/subscriptions/{id}/rotate-secret", RotateSecret).RequireAuthorization(Policy);
        v1.MapGet("/subscriptions/{id}/deliveries", ListDeliveries).RequireAuthorization(Policy);
        v1.MapPost("/subscriptions/{id}/deliveries/{deliveryId}/replay", ReplayDelivery).RequireAuthorization(Policy);
        v1.MapPost("/subscriptions/{id}/replay", ReplayRange).RequireAuthorization(Policy);
        return v1;
    }

    public static async Task<Results<Created<SubscriptionWithSecret>, BadRequest<ApiError>, NotFound<ApiError>>> Create(
        HttpContext http, IWebhookStore store, ITenantStore tenants, IAuditLog audit, SsrfGuard guard, WebhookSignal signal,
        CreateSubscriptionRequest request)
    {
        var caller = Caller.From(http.User);
        var tenant = request.Tenant ?? caller.Tenant;
        if (tenant is null)
            return TypedResults.BadRequest(new ApiError("tenant: required"));
        if (!caller.CanAccess(tenant) || await tenants.GetAsync(tenant) is null)
            return TypedResults.NotFound(new ApiError($"tenant '{tenant}' not found"));
        if (WebhookUrl.Validate(request.Url, guard) is { } urlError)
            return TypedResults.BadRequest(new ApiError(urlError));
        var filter = new WebhookFilter(request.Filter?.Jurisdictions, request.Filter?.Kinds, request.Filter?.MinSeverity);
        if (SubscriptionFilter.Validate(filter) is { } filterError)
            return TypedResults.BadRequest(new ApiError(filterError));
        var types = request.Types is { Length: > 0 } asked ? asked.Distinct().ToArray() : [.. WebhookEventTypes.Default];
        if (types.FirstOrDefault(t => !WebhookEventTypes.All.Contains(t)) is { } unknown)
            return TypedResults.BadRequest(new ApiError($"types: '{unknown}' is not one of {string.Join('|', WebhookEventTypes.All)}"));
        WebhookGrouping? group = null;
        if (request.Group is not null && !request.Group.TryGetGrouping(out group, out var groupError))
            return TypedResults.BadRequest(new ApiError(groupError!));

        // Every alert change is matched against each of the tenant's subscriptions and may become one delivery per each.
        if ((await store.ListEnabledAsync()).Count(t => t.Subscription.Tenant == tenant) >= MaxPerTenant)
            return TypedResults.BadRequest(new ApiError($"tenant '{tenant}' has {MaxPerTenant} enabled subscriptions, the most it may have; delete some first"));
        var secret = WebhookSecret.New();
        var created = await store.CreateAsync(new NewWebhookSubscription(tenant, request.Url!, filter, types, secret, caller.KeyId, group));
        await audit.AppendAsync(new AuditEvent(caller.KeyId, tenant, SubscriptionAuditActions.Created, Target(created.Id),
            new { url = created.Url, filter, types, group }));
        signal.Notify(); // an idle dispatcher (no subscription until now) starts following the change feed at once
        return TypedResults.Created($"/v1/subscriptions/{created.Id}", SubscriptionWithSecret.Of(created, secret));
    }

    public static async Task<Results<Ok<Page<WebhookSubscription>>, BadRequest<ApiError>>> List(
        HttpContext http, IWebhookStore store, string? tenant, int? pageSize, string? cursor)
    {
        var caller = Caller.From(http.User);
        if (!PageQuery.TryGetPageSize(pageSize, out var size, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        if (caller.Tenant is not null && tenant is not null && tenant != caller.Tenant)
            return TypedResults.Ok(new Page<WebhookSubscription>([], null));
        try
        {
            return TypedResults.Ok(await store.ListAsync(caller.ScopeFilter(tenant), size, cursor, http.RequestAborted));
        }
        catch (ArgumentException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
    }

    public static async Task<Results<Ok<WebhookSubscription>, NotFound<ApiError>>> Get(HttpContext http, IWebhookStore store, string id) =>
        await Find(http, store, id) is { } subscription ? TypedResults.Ok(subscription) : NotFound(id);

    public static async Task<Results<NoContent, NotFound<ApiError>>> Delete(HttpContext http, IWebhookStore store, IAuditLog audit, string id)
    {
        var caller = Caller.From(http.User);
        if (await Find(http, store, id) is not { } subscription || !await store.DeleteAsync(id))
            return NotFound(id);
        await audit.AppendAsync(new AuditEvent(caller.KeyId, subscription.Tenant, SubscriptionAuditActions.Deleted, Target(id), new { url = subscription.Url }));
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<SubscriptionWithSecret>, NotFound<ApiError>>> RotateSecret(
        HttpContext http, IWebhookStore store, IAuditLog audit, WebhookOptions options, TimeProvider time, string id)
    {
        var caller = Caller.From(http.User);
        if (await Find(http, store, id) is not { } subscription)
            return NotFound(id);
        var secret = WebhookSecret.New();
        var previousValidUntil = time.GetUtcNow() + options.SecretRotationOverlap;
        if (!await store.RotateSecretAsync(id, secret, previousValidUntil))
            return NotFound(id);
        await audit.AppendAsync(new AuditEvent(caller.KeyId, subscription.Tenant, SubscriptionAuditActions.SecretRotated, Target(id),
            new { previousSecretValidUntil = previousValidUntil }));
        return TypedResults.Ok(SubscriptionWithSecret.Of(subscription, secret, previousValidUntil));
    }

    public static async Task<Results<Ok<Page<WebhookDelivery>>, BadRequest<ApiError>, NotFound<ApiError>>> ListDeliveries(
        HttpContext http, IWebhookStore store, string id, string? state, int? pageSize, string? cursor)
    {
        if (!PageQuery.TryGetPageSize(pageSize, out var size, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        if (state is not null && !WebhookDeliveryStates.IsKnown(state))
            return TypedResults.BadRequest(new ApiError("state: must be one of pending|delivered|dead"));
        if (await Find(http, store, id) is null)
            return NotFound(id);
        try
        {
            return TypedResults.Ok(await store.ListDeliveriesAsync(id, state, size, cursor, http.RequestAborted));
        }
        catch (ArgumentException e)
        {
            return TypedResults.BadRequest(new ApiError(e.Message));
        }
    }

    public static async Task<Results<Accepted<ReplayAnswer>, NotFound<ApiError>>> ReplayDelivery(
        HttpContext http, IWebhookStore store, WebhookReplayer replayer, IAuditLog audit, string id, string deliveryId)
    {
        var caller = Caller.From(http.User);
        if (await Find(http, store, id) is not { } subscription)
            return NotFound(id);
        if (!await replayer.ReplayAsync(id, deliveryId))
            return TypedResults.NotFound(new ApiError($"delivery '{deliveryId}' not found"));
        await audit.AppendAsync(new AuditEvent(caller.KeyId, subscription.Tenant, SubscriptionAuditActions.Replayed, Target(id), new { deliveryId }));
        return TypedResults.Accepted($"/v1/subscriptions/{id}/deliveries", new ReplayAnswer(1));
    }

    public static async Task<Results<Accepted<ReplayAnswer>, BadRequest<ApiError>, NotFound<ApiError>>> ReplayRange(
        HttpContext http, IWebhookStore store, WebhookReplayer replayer, IAuditLog audit, string id, ReplayRangeRequest request)
    {
        var caller = Caller.From(http.User);
        if (request.Since is not { } since || request.Until is not { } until)
            return TypedResults.BadRequest(new ApiError("since, until: both required (ISO-8601 times)"));
        if (since > until)
            return TypedResults.BadRequest(new ApiError("since: must not be after until"));
        if (await Find(http, store, id) is not { } subscription)
            return NotFound(id);
        var queued = await replayer.ReplayRangeAsync(subscription, since, until, CancellationToken.None);
        await audit.AppendAsync(new AuditEvent(caller.KeyId, subscription.Tenant, SubscriptionAuditActions.Replayed, Target(id), new { since, until, queued }));
        return TypedResults.Accepted($"/v1/subscriptions/{id}/deliveries", new ReplayAnswer(queued));
    }

    /// <summary>The subscription when the caller may see it; another tenant's answers as absent (404).</summary>
    private static async Task<WebhookSubscription?> Find(HttpContext http, IWebhookStore store, string id) =>
        await store.GetAsync(id, http.RequestAborted) is { } subscription && Caller.From(http.User).CanAccess(subscription.Tenant) ? subscription : null;

    private static NotFound<ApiError> NotFound(string id) => TypedResults.NotFound(new ApiError($"subscription '{id}' not found"));

    private static string Target(string id) => $"subscription/{id}";
}
