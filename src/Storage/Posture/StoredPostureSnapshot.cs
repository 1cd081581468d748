namespace Lepton.Monitor.Storage;

/// <summary>One stored posture computation.</summary>
public sealed record StoredPostureSnapshot(long Seq, string Tenant, string Jurisdiction, DateTimeOffset At, string FinalClass, string Document);
