namespace Lepton.Monitor.Contracts;

/// <summary>Why an alert exists (PRODUCT.md §5): the rule and its legal source, the values that crossed, the model.</summary>
[GenerateSerializer, Immutable, Alias("lepton.explanation.v1")]
public sealed record AlertExplanation(
    [property: Id(0)] string Summary,
    [property: Id(1)] RuleReference Rule,
    [property: Id(2)] ExplanationValue[] Values,
    [property: Id(3)] ModelExplanation? Model);

[GenerateSerializer, Immutable, Alias("lepton.rule-ref.v1")]
public sealed record RuleReference(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string LegalSource);

/// <summary>One value compared with its threshold, e.g. amountInPackCurrency 12500 &gt;= 10000.</summary>
[GenerateSerializer, Immutable, Alias("lepton.explanation-value.v1")]
public sealed record ExplanationValue(
    [property: Id(0)] string Name,
    [property: Id(1)] object Value,
    [property: Id(2)] string Op,
    [property: Id(3)] object? Threshold);

[GenerateSerializer, Immutable, Alias("lepton.model-explanation.v1")]
public sealed record ModelExplanation(
    [property: Id(0)] string Version,
    [property: Id(1)] double Score,
    [property: Id(2)] double Threshold,
    [property: Id(3)] FeatureContribution[] Contributions);

[GenerateSerializer, Immutable, Alias("lepton.contribution.v1")]
public sealed record FeatureContribution(
    [property: Id(0)] string Feature,
    [property: Id(1)] double Value,
    [property: Id(2)] double Contribution);
