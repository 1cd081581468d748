namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>The cached source names are the ones dead letters and metric tags carried before (lower-case member names).</summary>
public sealed class IngestSourceNamesTests
{
    [Fact]
    public void Ingest_source_names_are_the_lower_case_member_names()
    {
        foreach (var source in Enum.GetValues<IngestSource>())
            Assert.Equal(source.ToString().ToLowerInvariant(), IngestSourceNames.Of(source));
        Assert.Equal("99", IngestSourceNames.Of((IngestSource)99));
    }
}
