using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest;

/// <summary>The jurisdictions that have a rule pack: the targets records can be routed to.</summary>
public sealed class JurisdictionCatalog(RulePackSet packs)
{
    public IReadOnlySet<string> Jurisdictions { get; } = packs.Jurisdictions;
}
