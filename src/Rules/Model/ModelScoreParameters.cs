namespace Lepton.Monitor.Rules;

/// <summary><c>model-score</c>: the model's risk score (0..1) is at or above <see cref="Threshold"/>.</summary>
public sealed record ModelScoreParameters(double Threshold) : RuleParameters
{
    public override string Kind => RuleKinds.ModelScore;
}
