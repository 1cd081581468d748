using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring;

/// <summary>Silo-local model scoring shared by all grain activations; concurrent calls are batched into few model runs.</summary>
public interface IScoringService
{
    ModelInfo Model { get; }

    /// <summary>One <see cref="ModelScore"/> per record, in order (contributions null).</summary>
    ValueTask<ModelScore[]> ScoreAsync(IReadOnlyList<MonitoredRecord> records, CancellationToken ct = default);

    /// <summary>The record's <paramref name="top"/> largest feature contributions, by absolute size, named as in the model card.</summary>
    ValueTask<FeatureContribution[]> ExplainAsync(MonitoredRecord record, int top = 5, CancellationToken ct = default);
}
