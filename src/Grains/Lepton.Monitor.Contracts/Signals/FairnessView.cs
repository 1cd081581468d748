namespace Lepton.Monitor.Contracts;

/// <summary>Alert rate of one group of a sensitive attribute in the fairness window.</summary>
[GenerateSerializer, Immutable, Alias("lepton.fairness-group.v1")]
public sealed record FairnessGroupView(
    [property: Id(0)] string Group,
    [property: Id(1)] long Records,
    [property: Id(2)] long Alerted,
    [property: Id(3)] double Rate,
    [property: Id(4)] bool Eligible);

/// <summary>
/// One sensitive attribute: per-group alert rates, lowest/highest eligible ratio (four-fifths rule when below 0.8) and
/// demographic parity difference (highest − lowest rate).
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.fairness-attribute.v1")]
public sealed record FairnessAttributeView(
    [property: Id(0)] string Attribute,
    [property: Id(1)] FairnessGroupView[] Groups,
    [property: Id(2)] string? LowestGroup,
    [property: Id(3)] string? HighestGroup,
    [property: Id(4)] double RateRatio,
    [property: Id(5)] double ParityDifference,
    [property: Id(6)] bool Finding);
