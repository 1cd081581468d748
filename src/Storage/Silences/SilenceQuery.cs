namespace Lepton.Monitor.Storage;

/// <summary>GET /v1/silences: one tenant's (null: every tenant's), optionally in one state, newest first.</summary>
public sealed record SilenceQuery(string? Tenant, SilenceState? State = null, int PageSize = Paging.DefaultPageSize, string? Cursor = null);
