namespace Lepton.Monitor.Rules;

/// <summary><c>pii-in-text</c>: the memo holds PII of one of <see cref="Kinds"/>, raw or as a <c>[masked:KIND]</c> marker left by ingest.</summary>
public sealed record PiiInTextParameters(PiiKinds Kinds) : RuleParameters
{
    public override string Kind => RuleKinds.PiiInText;
}
