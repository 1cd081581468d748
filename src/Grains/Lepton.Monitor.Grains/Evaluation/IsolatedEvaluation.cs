using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Grains.Evaluation;

/// <summary>A record whose rule evaluation threw, at its index in the batch.</summary>
public readonly record struct RecordError(int Index, Exception Error);

/// <summary>
/// Runs a batch through the rules so that one record that breaks them fails alone: the batch is evaluated in one pass
/// (the hot path, no extra cost); only when that pass throws is it evaluated again record by record, and the records
/// that still throw are returned while every other record's candidates stand.
/// </summary>
/// <remarks>
/// The failed pass has already put the records before the failing one into the entity windows. The second pass does
/// not count them twice: <see cref="EntityWindows"/> recognises a record it holds (same id and event time) as a replay
/// and evaluates it against the events up to it, exactly as the first time. The candidates of the failed pass are
/// discarded, so none is raised twice either.
/// </remarks>
public static class IsolatedEvaluation
{
    /// <returns>The records that could not be evaluated (empty when the batch went through).</returns>
    public static IReadOnlyList<RecordError> Run(IRuleEvaluator rules, string tenant, ReadOnlySpan<MonitoredRecord> records,
        ReadOnlySpan<ModelScore?> scores, List<AlertCandidate> output, EntityWindows windows)
    {
        var start = output.Count;
        try
        {
            rules.Evaluate(tenant, records, scores, output, windows);
            return [];
        }
        catch (Exception)
        {
            output.RemoveRange(start, output.Count - start);
        }

        var failed = new List<RecordError>();
        for (var i = 0; i < records.Length; i++)
        {
            var before = output.Count;
            try
            {
                rules.Evaluate(tenant, records.Slice(i, 1), scores.IsEmpty ? default : scores.Slice(i, 1), output, windows);
            }
            catch (Exception e)
            {
                // Whatever the record's rules added before the one that threw is dropped with it: it is checked again, whole, on replay.
                output.RemoveRange(before, output.Count - before);
                failed.Add(new RecordError(i, e));
            }
        }
        return failed;
    }
}
