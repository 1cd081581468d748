namespace Lepton.Monitor.Storage;

/// <summary>Migration 9: per-tenant settings (four-eyes resolution), a JSON object beside the tenant.</summary>
internal static class TenantSettingsSchema
{
    public static readonly Migration Migration = new(9, "tenant settings", """
        -- JSON (TenantSettings); NULL: every setting at its default.
        ALTER TABLE tenants ADD COLUMN settings TEXT NULL;
        """);
}
