namespace Lepton.Monitor.Storage;

/// <summary>What every API key store checks before it creates a key, so the backends refuse exactly the same requests.</summary>
internal static class ApiKeyRequestRules
{
    public static void Validate(string role, string? tenant, string? name)
    {
        if (!ApiKeyRoles.IsValid(role))
            throw new ArgumentException($"role: '{role}' is not one of {string.Join(", ", ApiKeyRoles.All)}", nameof(role));
        if (tenant is not null)
            TenantIds.Validate(tenant, nameof(tenant));
        else if (role != ApiKeyRoles.Admin)
            throw new ArgumentException($"tenant: a {role} key must be scoped to a tenant", nameof(tenant));
        if (name is { Length: > SqliteApiKeyStore.MaxNameLength })
            throw new ArgumentException($"name: longer than {SqliteApiKeyStore.MaxNameLength} characters", nameof(name));
        // A label has no use for control characters; PostgreSQL text cannot hold U+0000 at all.
        if (name is not null && name.Any(char.IsControl))
            throw new ArgumentException("name: must not contain control characters", nameof(name));
    }
}
