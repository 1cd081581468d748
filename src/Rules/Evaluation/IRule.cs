using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// One compiled rule of a pack. Implementations are immutable and thread-safe, and must not allocate when a record
/// raises nothing: they run on every record of every batch.
/// </summary>
public interface IRule
{
    RuleDefinition Definition { get; }

    /// <summary>Adds an <see cref="AlertCandidate"/> to <paramref name="output"/> for each violation by <paramref name="record"/>.</summary>
    /// <param name="tenant">The tenant of the calling monitor (its grain key), used in candidates and fingerprints.</param>
    /// <param name="score">The model's score of the record, or null when no model ran.</param>
    void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output);
}
