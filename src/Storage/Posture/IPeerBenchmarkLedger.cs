namespace Lepton.Monitor.Storage;

/// <summary>
/// The privacy budget of peer benchmark releases: a release is stored with the ε it spends only while the day's total
/// stays within the daily budget, atomically, and a stored release is reused for the rest of its day without spending.
/// </summary>
public interface IPeerBenchmarkLedger
{
    Task<string?> GetReleaseAsync(string day, string releaseKey, CancellationToken ct = default);

    /// <summary>
    /// Stores <paramref name="document"/> under (day, key) spending <paramref name="epsilonMicros"/>, unless the day has
    /// spent too much; an existing release under the key wins and nothing is spent.
    /// </summary>
    Task<PrivacySpendResult> TryReleaseAsync(string day, string releaseKey, long epsilonMicros, long dailyBudgetMicros, string document, DateTimeOffset at, CancellationToken ct = default);

    Task<long> SpentMicrosAsync(string day, CancellationToken ct = default);

    /// <summary>Records journaled per tenant since <paramref name="since"/> (within the journal's retention): the rates' denominators.</summary>
    Task<IReadOnlyDictionary<string, long>> RecordsByTenantSinceAsync(DateTimeOffset since, CancellationToken ct = default);
}

/// <summary>Outcome of a release attempt: the document now under the key (null when refused) and the day's spend after it.</summary>
public sealed record PrivacySpendResult(bool Released, bool Reused, string? Document, long SpentMicros);
