using System.Data.Common;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Verifies the audit chain from a reader over the whole log in seq order (<see cref="AuditRows.Columns"/>), the same on
/// every backend: seqs run from 1 without gaps, each entry links to the previous hash and its content still matches its
/// own hash (<see cref="AuditHash"/>).
/// </summary>
internal static class AuditChainWalk
{
    /// <summary>The query whose reader <see cref="VerifyAsync"/> walks.</summary>
    public const string Sql = $"SELECT {AuditRows.Columns} FROM audit_log ORDER BY seq";

    /// <summary>
    /// Walks the whole chain (it runs through every tenant's entries). With <paramref name="scope"/>, counts and names
    /// only that tenant's entries: a break is reported at the tenant's first entry at or after it, or not at all when
    /// every entry of the tenant precedes it (those still link to genesis through intact hashes).
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(DbDataReader reader, string? scope, CancellationToken ct)
    {
        var previous = AuditHash.Genesis;
        byte[]? scopeHead = null;
        long expectedSeq = 1, count = 0;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var seq = reader.GetInt64(0);
            var tenant = reader.IsDBNull(3) ? null : reader.GetString(3);
            var storedPrevious = (byte[])reader.GetValue(7);
            var storedHash = (byte[])reader.GetValue(8);
            string? reason = null;
            if (seq != expectedSeq)
                reason = $"entry {expectedSeq} is missing (next is {seq})";
            else if (!storedPrevious.AsSpan().SequenceEqual(previous))
                reason = $"entry {seq} does not link to the hash of entry {seq - 1}";
            else if (!AuditHash.Compute(previous, seq, reader.GetInt64(1), reader.GetString(2), tenant, reader.GetString(4),
                         reader.GetString(5), reader.GetString(6)).AsSpan().SequenceEqual(storedHash))
                reason = $"entry {seq} was altered: its content no longer matches its hash";
            if (reason is not null)
                return scope is null ? Broken(count, seq, reason) : await BrokenForAsync(scope, count, scopeHead, reader, seq, tenant, ct).ConfigureAwait(false);
            previous = storedHash;
            expectedSeq++;
            if (scope is null || tenant == scope)
            {
                count++;
                scopeHead = storedHash;
            }
        }
        return new AuditVerification(true, count, null, null, scopeHead is null ? null : Convert.ToHexStringLower(scopeHead));
    }

    /// <summary>
    /// The chain broke at an entry the scoped caller may not see: the answer names neither it nor other tenants'
    /// entries, only the caller's first entry from the break on (its own entries before the break stay verified).
    /// </summary>
    private static async Task<AuditVerification> BrokenForAsync(string scope, long verified, byte[]? head, DbDataReader reader, long seq, string? tenant,
        CancellationToken ct)
    {
        while (tenant != scope)
        {
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                return new AuditVerification(true, verified, null, null, head is null ? null : Convert.ToHexStringLower(head));
            seq = reader.GetInt64(0);
            tenant = reader.IsDBNull(3) ? null : reader.GetString(3);
        }
        return Broken(verified, seq, $"the chain is broken at or before entry {seq}: this tenant's entries from it on cannot be trusted");
    }

    private static AuditVerification Broken(long verified, long seq, string reason) => new(false, verified, seq, reason, null);
}
