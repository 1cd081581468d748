using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Compliance.Filings.Fill;

/// <summary>
/// Joins KYC identities to a draft's subjects by pseudonym: each raw customer id is pseudonymized with the tenant's key
/// by the product's own <see cref="Pseudonymizer"/> (the token ingest made of the same id), and a subject whose
/// pseudonym equals it receives the identity. Runs where the KYC data lives; nothing goes back to the product.
/// </summary>
public static class ReportFiller
{
    public sealed record Result(ReportDraft Draft, int Filled, IReadOnlyList<string> Unmatched, int UnusedRows);

    public static Result Fill(ReportDraft draft, IReadOnlyDictionary<string, KycIdentity> kyc, Pseudonymizer pseudonymizer)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(kyc);
        ArgumentNullException.ThrowIfNull(pseudonymizer);
        if (pseudonymizer.Tenant is { } keyTenant && keyTenant != draft.Tenant)
            throw new ArgumentException($"the pseudonymizer's key is tenant {keyTenant}'s, the draft is tenant {draft.Tenant}'s", nameof(pseudonymizer));
        var byToken = new Dictionary<string, KycIdentity>(StringComparer.Ordinal);
        foreach (var (rawId, identity) in kyc)
            byToken[pseudonymizer.Token(rawId)] = identity;
        var used = new HashSet<string>(StringComparer.Ordinal);
        var unmatched = new List<string>();
        var subjects = draft.Content.Subjects.Select(subject =>
        {
            if (byToken.TryGetValue(subject.Pseudonym, out var identity))
            {
                used.Add(subject.Pseudonym);
                return subject with { Identity = identity };
            }
            unmatched.Add(subject.Pseudonym);
            return subject;
        }).ToArray();
        var filled = draft with { Content = draft.Content with { Subjects = subjects } };
        return new Result(filled, subjects.Length - unmatched.Count, unmatched, kyc.Count - used.Count);
    }
}
