namespace Lepton.Monitor.Storage;

/// <summary>The tenant id rule of the record schema (PRODUCT.md §3): <c>[a-z0-9-]{1,64}</c>.</summary>
public static class TenantIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
            return false;
        foreach (var c in id)
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                return false;
        return true;
    }

    public static void Validate(string? id, string paramName)
    {
        if (!IsValid(id))
            throw new ArgumentException($"{paramName}: '{id}' is not a tenant id ([a-z0-9-]{{1,64}})", paramName);
    }
}
