namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>The audit log's action names, one place so that queries and docs agree.</summary>
public static class AuditActions
{
    public const string TenantCreated = "tenant.created";
    public const string TenantUpdated = "tenant.updated";
    public const string KeyCreated = "api-key.created";
    public const string KeyRevoked = "api-key.revoked";
    public const string ModelUploaded = "model.uploaded";
    public const string ModelStageChanged = "model.stage-changed";
    public const string ModelRolledBack = "model.rolled-back";
    public const string ParkedReplayed = "parked.replayed";
    public const string AlertOutboxReplayed = "alert-outbox.replayed";
}
