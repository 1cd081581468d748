using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Compliance.Exports;

/// <summary>
/// chain.json: what the bundle holds (the whole log, or one tenant's entries of it), the rule that links the entries,
/// and the server's verification of the whole chain at export time.
/// </summary>
public sealed record AuditBundleChain(
    string Scope,
    string? Tenant,
    DateTimeOffset GeneratedAt,
    long Entries,
    long? FirstSeq,
    long? LastSeq,
    string? LastHash,
    string Algorithm,
    string Genesis,
    AuditVerification ServerVerification);
