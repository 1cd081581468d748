using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Evaluation;
using Lepton.Monitor.Grains.Models;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.Integration.Tests.Grains;

/// <summary>
/// The silo's real models behind a switch: <see cref="Broken"/> makes every model fail to load, the way a bad model
/// promoted does; <see cref="Hold"/> parks the next scoring call until released, so a test can act while a batch is
/// being scored.
/// </summary>
internal sealed class ControllableScorers
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    public IModelScorers Wrap(IModelScorers inner) => new Scorers(inner, this);

    public volatile bool Broken;

    /// <summary>Set when a held scoring call is waiting.</summary>
    public TaskCompletionSource Entered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Holds the next scoring call until <see cref="Release"/>.</summary>
    public void Hold()
    {
        Entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _armed, 1);
    }

    public void Release() => _gate.TrySetResult();

    private async ValueTask WaitIfHeldAsync()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            Entered.TrySetResult();
            await _gate.Task;
        }
    }

    private sealed class Scorers(IModelScorers inner, ControllableScorers control) : IModelScorers
    {
        public IScoringService Get(string modelId) => control.Broken
            ? throw new InvalidOperationException($"model {modelId} failed to load: ONNX Runtime could not create a session")
            : new Service(inner.Get(modelId), control);
    }

    private sealed class Service(IScoringService inner, ControllableScorers control) : IScoringService
    {
        public ModelInfo Model => inner.Model;

        public async ValueTask<ModelScore[]> ScoreAsync(IReadOnlyList<MonitoredRecord> records, CancellationToken ct = default)
        {
            await control.WaitIfHeldAsync();
            return await inner.ScoreAsync(records, ct);
        }

        public ValueTask<FeatureContribution[]> ExplainAsync(MonitoredRecord record, int top = 5, CancellationToken ct = default) =>
            inner.ExplainAsync(record, top, ct);
    }
}

/// <summary>
/// The real rule engine, except that evaluation throws on the record <paramref name="poisonId"/> after evaluating every
/// record before it, exactly as the engine did on <c>(long)(amount * 100m)</c> overflowing: the windows already hold
/// the records before the failure when the exception leaves the batch.
/// </summary>
internal sealed class PoisonedRules(IRuleEvaluatorFactory inner, string poisonId) : IRuleEvaluatorFactory
{
    public IRuleEvaluator Create(RulePack pack) => new Evaluator(inner.Create(pack), poisonId);

    private sealed class Evaluator(IRuleEvaluator inner, string poisonId) : IRuleEvaluator
    {
        public RulePack Pack => inner.Pack;

        public void Evaluate(string tenant, ReadOnlySpan<MonitoredRecord> records, ReadOnlySpan<ModelScore?> scores, List<AlertCandidate> output, EntityWindows windows)
        {
            var poison = -1;
            for (var i = 0; i < records.Length && poison < 0; i++)
                if (records[i].Id == poisonId)
                    poison = i;
            if (poison < 0)
            {
                inner.Evaluate(tenant, records, scores, output, windows);
                return;
            }
            inner.Evaluate(tenant, records[..poison], scores.IsEmpty ? default : scores[..poison], output, windows);
            throw new OverflowException("Value was either too large or too small for an Int64.");
        }
    }
}
