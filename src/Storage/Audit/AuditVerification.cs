namespace Lepton.Monitor.Storage;

/// <summary>Result of walking the audit chain: valid, or the first entry whose hash or link does not hold and why.</summary>
public sealed record AuditVerification(bool Valid, long Entries, long? FirstInvalidSeq, string? Reason, string? HeadHash);
