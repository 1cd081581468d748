using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>The checks every alert store makes on an upsert's candidates before it touches the database.</summary>
internal static class AlertCandidateRules
{
    public static void Validate(AlertCandidate? candidate, int index)
    {
        if (candidate is null)
            throw new ArgumentException($"candidates[{index}] is null", "candidates");
        if (string.IsNullOrEmpty(candidate.Tenant) || string.IsNullOrEmpty(candidate.Fingerprint) || string.IsNullOrEmpty(candidate.RecordId))
            throw new ArgumentException($"candidates[{index}]: tenant, fingerprint and recordId are required", "candidates");
        if (candidate.Explanation is null)
            throw new ArgumentException($"candidates[{index}]: explanation is required", "candidates");
    }
}
