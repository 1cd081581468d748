namespace Lepton.Monitor.Ingest.Tests;

/// <summary>
/// Issue 12 item 10: the generator's truth counts pattern records too. An aggregate alert lists every record of its
/// pattern (PRODUCT.md §5 <c>recordIds</c>), so every record of a planted structuring run or velocity burst carries its
/// kind — and a pattern the run ends before completing carries none, since no alert will list it.
/// </summary>
public sealed class PatternTruthTests
{
    private static GeneratorOptions Options(int count) => new()
    {
        Seed = 5, Tenant = "acme", Count = count, Customers = 500, ViolationRate = 0.05,
    };

    private static string Customer(GeneratedRecord g) => SampleRecord.ParseOne(g.Line).Originator?.CustomerId ?? "";

    [Fact]
    public void Every_record_of_a_planted_pattern_carries_its_kind()
    {
        var generated = TransactionGenerator.Generate(Options(20_000)).ToList();

        // Pattern customers are fresh ("s-…") and used by one pattern only.
        var patterns = generated.Where(g => Customer(g).StartsWith("s-", StringComparison.Ordinal)).GroupBy(Customer).ToList();

        Assert.True(patterns.Count > 20, $"only {patterns.Count} patterns");
        foreach (var pattern in patterns)
        {
            var kind = Assert.Single(pattern.First().PlantedKinds);
            var expectedLength = kind == PlantedKinds.Structuring ? PlantedKinds.StructuringRunLength : PlantedKinds.VelocityBurstLength;
            Assert.Equal(expectedLength, pattern.Count());
            Assert.All(pattern, g => Assert.Equal([kind], g.PlantedKinds));
        }
    }

    [Fact]
    public void A_pattern_cut_short_by_the_end_of_the_run_plants_nothing()
    {
        var full = TransactionGenerator.Generate(Options(20_000)).ToList();
        var start = full.FindIndex(g => g.PlantedKinds.Contains(PlantedKinds.Velocity));

        // The same run, ending two records into that burst: same records, but the burst will never complete.
        var cut = TransactionGenerator.Generate(Options(start + 2)).ToList();

        Assert.Equal(full.Take(start + 2).Select(g => g.Line), cut.Select(g => g.Line));
        Assert.Empty(cut[^1].PlantedKinds);
        Assert.Empty(cut[^2].PlantedKinds);
        Assert.StartsWith("s-", Customer(cut[^1]), StringComparison.Ordinal);
    }
}
