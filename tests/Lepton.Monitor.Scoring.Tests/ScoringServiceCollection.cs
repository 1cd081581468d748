namespace Lepton.Monitor.Scoring.Tests;

/// <summary>Service tests run one at a time so metric and trace listeners see only the service under test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScoringServiceCollection
{
    public const string Name = "scoring-service";
}
