namespace Lepton.Monitor.Storage;

/// <summary>Migration 9: per-tenant settings (four-eyes resolution).</summary>
internal static class TenantSettingsSchema
{
    public static readonly Migration Migration = new(9, "tenant settings", """
        SELECT 1; -- placeholder: filled by the tenant settings change
        """);
}
