using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// One rule of a pack as data: what it checks (<see cref="Parameters"/>), how serious a hit is, and the law it
/// implements, so every alert can say why it exists.
/// </summary>
public sealed record RuleDefinition(
    string Id,
    Severity Severity,
    string LegalSource,
    string? Description,
    bool Enabled,
    RuleParameters Parameters)
{
    /// <summary>The rule kind, e.g. <c>threshold</c>; always that of <see cref="Parameters"/>.</summary>
    public string Kind => Parameters.Kind;
}
