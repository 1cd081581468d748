namespace Lepton.Monitor.Storage;

/// <summary>An API key as the service may show it: never the secret, never its hash.</summary>
/// <param name="Tenant">The tenant scope; null only for admin keys, which see every tenant.</param>
public sealed record ApiKeyInfo(string Id, string Role, string? Tenant, string? Name, DateTimeOffset CreatedAt);
