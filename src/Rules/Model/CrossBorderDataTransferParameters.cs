namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>cross-border-data-transfer</c>: the record's <c>dataSubjectRegion</c> is on the pack list <see cref="ProtectedRegions"/>
/// (regions under a GDPR-like law, e.g. EU, the EEA states) and its <c>processingRegion</c> is neither on that list nor
/// on the adequacy list <see cref="AdequateRegions"/>. A record without a processing region is not judged.
/// </summary>
public sealed record CrossBorderDataTransferParameters(string ProtectedRegions, string AdequateRegions) : RuleParameters
{
    public override string Kind => RuleKinds.CrossBorderDataTransfer;
}
