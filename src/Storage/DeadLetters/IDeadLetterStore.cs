namespace Lepton.Monitor.Storage;

/// <summary>Durable store of rejected inputs (PRODUCT.md §3, §6 <c>GET /v1/dead-letters</c>).</summary>
public interface IDeadLetterStore
{
    /// <summary>Stores the items in one transaction, durable before the task completes.</summary>
    Task AddAsync(IReadOnlyList<DeadLetter> items, CancellationToken ct = default);

    /// <summary>
    /// Newest first, cursor-paged. <paramref name="tenant"/> null lists every tenant (and tenant-less entries);
    /// otherwise only that tenant's. Throws <see cref="ArgumentException"/> on a bad page size or cursor.
    /// </summary>
    Task<Page<DeadLetterEntry>> ListAsync(string? tenant, int pageSize, string? cursor, CancellationToken ct = default);

    /// <summary>How many dead letters are stored for <paramref name="tenant"/> (null: all).</summary>
    Task<long> CountAsync(string? tenant, CancellationToken ct = default);
}
