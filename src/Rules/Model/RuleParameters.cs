namespace Lepton.Monitor.Rules;

/// <summary>The validated, typed <c>params</c> of a rule; one subtype per rule kind.</summary>
public abstract record RuleParameters
{
    /// <summary>The rule kind these parameters belong to (see <see cref="RuleKinds"/>).</summary>
    public abstract string Kind { get; }
}
