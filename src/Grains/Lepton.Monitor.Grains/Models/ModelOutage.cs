using System.Globalization;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Evaluation;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Grains.Models;

/// <summary>
/// Whether a monitor's models could score its last batch. A scoring failure (a bad model promoted, a runtime error)
/// starts an outage, which raises one <c>model-unavailable</c> alert (kind <c>model</c>) explaining the error; once that
/// alert is durable, further failures while the outage lasts raise nothing new; the first batch scored again ends it, and its alert is resolved.
/// Single-threaded, like the grain that owns it.
/// </summary>
public sealed class ModelOutage
{
    public const string RuleId = "model-unavailable";

    private static readonly RuleReference Rule = new(RuleId, RuleId,
        "Model risk management: ongoing monitoring and contingency when a model fails (Federal Reserve SR 11-7); " +
        "deterministic rules keep running without it");

    private string? _entity;
    private bool _announced;

    /// <summary>
    /// True after activation until a batch is scored: an outage of a previous activation may have left its alert
    /// open, so the first healthy batch resolves whatever is open (one store query per activation).
    /// </summary>
    private bool _maybeOpen = true;

    /// <summary>
    /// The scoring of a batch failed: the alert candidate while the outage has not been announced (see
    /// <see cref="Announced"/>), else null.
    /// </summary>
    public AlertCandidate? Failed(string tenant, string jurisdiction, string modelId, int records, Exception error, DateTimeOffset now)
    {
        var entity = _entity ??= Entity(modelId);
        if (_announced)
            return null;
        var summary = $"model {modelId} could not score a batch of {records} records ({FailureReasons.Describe(error)}); " +
            "deterministic rules ran without it, and these records' model checks are retried when the model is back";
        return new AlertCandidate(tenant, jurisdiction, AlertKind.Model, RuleId, RuleId, Severity.High,
            AlertFingerprint.Compute(tenant, jurisdiction, RuleId, entity),
            entity, string.Create(CultureInfo.InvariantCulture, $"{RuleId}:{jurisdiction}:{now.UtcTicks}"), now, null, modelId,
            new AlertExplanation(summary, Rule, [new ExplanationValue("failedRecords", records, "=", null)], null), now);
    }

    /// <summary>The outage's alert is durable: later failures of this outage raise nothing new.</summary>
    public void Announced() => _announced = _entity is not null;

    /// <summary>A batch was scored: the entity whose open outage alert is to be resolved (once), else null.</summary>
    public string? Scored(string modelId)
    {
        var ended = _entity ?? (_maybeOpen ? Entity(modelId) : null);
        _entity = null;
        _announced = false;
        _maybeOpen = false;
        return ended;
    }

    public static string Entity(string modelId) => "model:" + modelId;
}
