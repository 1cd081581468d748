namespace Lepton.Monitor.Storage;

/// <summary>One page of a list; <see cref="NextCursor"/> is null on the last page (PRODUCT.md §6 list shape).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
