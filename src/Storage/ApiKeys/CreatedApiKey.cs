namespace Lepton.Monitor.Storage;

/// <summary>The answer to creating a key: the only time <see cref="Secret"/> exists outside the caller's hands.</summary>
public sealed record CreatedApiKey(string Id, string Secret, string Role, string? Tenant, string? Name, DateTimeOffset CreatedAt)
{
    public ApiKeyInfo Info => new(Id, Role, Tenant, Name, CreatedAt);
}
