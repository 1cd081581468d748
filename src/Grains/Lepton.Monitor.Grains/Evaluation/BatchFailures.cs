using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Grains.Evaluation;

/// <summary>The <see cref="BatchResult.Failed"/> list of a batch: records that broke a rule, and all records when the model failed.</summary>
public static class BatchFailures
{
    /// <summary>
    /// A record that broke a rule fails once, not retryable (it waits for a fix and an operator's replay, which checks it
    /// whole, model included). When the model could not score, every other record fails retryable with a
    /// <see cref="FailureReasons.ModelPrefix"/> reason: its rules ran, its model checks are retried when the model is back.
    /// </summary>
    public static RecordFailure[] Of(MonitoredRecord[] records, IReadOnlyList<RecordError> ruleErrors, Exception? scoringError, string modelId)
    {
        if (ruleErrors.Count == 0 && scoringError is null)
            return [];
        var failed = new List<RecordFailure>(scoringError is null ? ruleErrors.Count : records.Length);
        HashSet<int>? broke = null;
        foreach (var (index, error) in ruleErrors)
        {
            failed.Add(new RecordFailure(records[index].Id, FailureReasons.Rules(error), Retryable: false));
            (broke ??= []).Add(index);
        }
        if (scoringError is not null)
        {
            var reason = FailureReasons.Model(modelId, scoringError);
            for (var i = 0; i < records.Length; i++)
            {
                if (broke is null || !broke.Contains(i))
                    failed.Add(new RecordFailure(records[i].Id, reason, Retryable: true));
            }
        }
        return [.. failed];
    }
}
