namespace Lepton.Monitor.Storage;

/// <summary>
/// An alert change for a grouped subscription: the alert (as the change feed serves it) joins or updates its group, or —
/// <see cref="Remove"/> — leaves it (a resolution already sent at once).
/// </summary>
public sealed record GroupChange(string SubscriptionId, string Tenant, string GroupKey, string AlertId, string AlertJson, bool Remove);
