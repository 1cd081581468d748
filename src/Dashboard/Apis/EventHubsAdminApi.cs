using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Ingest.EventHubs;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// GET /v1/admin/event-hubs/partitions (unscoped admin): for the configured hub and consumer group (<c>Lepton:EventHubs</c>),
/// each partition's owner and checkpoint as the Event Hubs consumer keeps them in the product's store — who processes
/// what, whether an owner stopped renewing, where each partition resumes. 404 when Event Hubs is not configured.
/// </summary>
public static class EventHubsAdminApi
{
    /// <summary>
    /// One partition: its ownership (null fields: never claimed; a null owner with a time: given up at a processor's
    /// stop, free to take) and its checkpoint (null fields: none written).
    /// </summary>
    public sealed record PartitionView(
        string PartitionId,
        string? Owner,
        DateTimeOffset? OwnershipLastModified,
        bool? OwnershipExpired,
        long? SequenceNumber,
        string? Offset,
        DateTimeOffset? CheckpointUpdatedAt);

    /// <summary>The list shape of every route (PRODUCT.md §6), with the keys the rows were read by.</summary>
    public sealed record PartitionsView(string Namespace, string EventHub, string ConsumerGroup, int OwnershipExpirationSeconds, IReadOnlyList<PartitionView> Items);

    public static RouteGroupBuilder MapEventHubsAdminApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/admin/event-hubs/partitions", Partitions).RequireAuthorization(Roles.Policies.Admin);
        return v1;
    }

    /// <summary>A tenant-scoped admin is refused: partitions carry every tenant's records.</summary>
    public static async Task<Results<Ok<PartitionsView>, NotFound<ApiError>, ForbidHttpResult>> Partitions(
        HttpContext http, IEventProcessorStore store, TimeProvider clock)
    {
        if (Caller.From(http.User).Tenant is not null)
            return TypedResults.Forbid();
        // Resolved here, not as a parameter: a process that never called AddLeptonEventHubs has no options registered.
        if (http.RequestServices.GetService<EventHubsOptions>() is not { IsConfigured: true } options)
            return TypedResults.NotFound(new ApiError(
                $"Event Hubs is not configured on this process: set {EventHubsOptions.Section}:ConnectionString or {EventHubsOptions.Section}:FullyQualifiedNamespace"));

        var ns = new EventHubsClients(options).Namespace;
        var ct = http.RequestAborted;
        var ownership = (await store.ListOwnershipAsync(ns, options.EventHub, options.ConsumerGroup, ct)).ToDictionary(o => o.PartitionId);
        var checkpoints = (await store.ListCheckpointsAsync(ns, options.EventHub, options.ConsumerGroup, ct)).ToDictionary(c => c.PartitionId);
        var expiredBefore = clock.GetUtcNow() - TimeSpan.FromSeconds(options.OwnershipExpirationSeconds);
        var items = ownership.Keys.Union(checkpoints.Keys)
            .OrderBy(p => p.Length).ThenBy(p => p, StringComparer.Ordinal) // "10" after "9", as the store lists them
            .Select(p =>
            {
                var owner = ownership.GetValueOrDefault(p);
                var checkpoint = checkpoints.GetValueOrDefault(p);
                // An empty owner is a partition its processor gave up at stop: free to take, like an expired one.
                return new PartitionView(p, string.IsNullOrEmpty(owner?.OwnerId) ? null : owner.OwnerId, owner?.LastModified,
                    owner is null ? null : owner.OwnerId.Length == 0 || owner.LastModified < expiredBefore,
                    checkpoint?.SequenceNumber, checkpoint?.Offset, checkpoint?.UpdatedAt);
            })
            .ToArray();
        return TypedResults.Ok(new PartitionsView(ns, options.EventHub, options.ConsumerGroup, options.OwnershipExpirationSeconds, items));
    }
}
