using System.Text;
using Lepton.Monitor.DevTools.Drift;
using Lepton.Monitor.Drift.Offline;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.Integration.Tests.Drift;

/// <summary>A drift comparison onto the report's input: the statistics with the thresholds that decided, and what is drawn.</summary>
public sealed class DriftReportMappingTests
{
    private static DriftComparison Compare(string reference, string current, OfflineDriftOptions? options = null)
    {
        options ??= new OfflineDriftOptions();
        var (r, c) = (CsvTable.Read(new StringReader(reference), "ref.csv"), CsvTable.Read(new StringReader(current), "cur.csv"));
        return new DriftComparison("data/ref.csv", "data/cur.csv", r, c, options, OfflineDriftAnalysis.Compare(r, c, options));
    }

    private static string Csv(string header, IEnumerable<string> rows) => new StringBuilder(header).Append('\n').AppendJoin('\n', rows).Append('\n').ToString();

    [Fact]
    public void Each_column_brings_its_statistics_with_the_thresholds_that_decide()
    {
        var reference = Csv("amount,channel", Enumerable.Range(0, 300).Select(i => $"{i * 1.5},{(i % 3 == 0 ? "cash" : "card")}"));
        var current = Csv("amount,channel", Enumerable.Range(0, 100).Select(i => $"{200 + i * 2.5},{(i % 2 == 0 ? "cash" : "card")}"));

        var input = DriftReportMapping.ToReportInput(Compare(reference, current));

        Assert.Equal("Drift of cur.csv against ref.csv", input.Title);
        var amount = input.Features.Single(f => f.Name == "amount");
        Assert.Equal(["PSI", "KS statistic", "KS p-value", "Wasserstein/σ"], amount.Metrics.Select(m => m.Name));
        Assert.Equal(0.2, amount.Metrics[0].Threshold);
        // 100 current values are fewer than --ks-min-records (200): KS's p-value is shown but cannot decide.
        Assert.Null(amount.Metrics.Single(m => m.Name == "KS p-value").Threshold);
        Assert.True(amount.Drifted);
        Assert.Equal("psi, wasserstein", amount.Reasons);
        Assert.True(amount.Histogram!.IsNumeric);  // 400 distinct amounts: binned

        var channel = input.Features.Single(f => f.Name == "channel");
        Assert.Equal(["PSI", "Jensen–Shannon", "χ² p-value"], channel.Metrics.Select(m => m.Name));
        Assert.Null(channel.Metrics[2].Threshold);  // chi-squared is reported, never decides
        Assert.Equal(["card", "cash"], channel.Histogram!.BinLabels.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_whole_number_column_of_few_values_gets_one_bar_per_value_in_order()
    {
        var reference = Csv("hour", Enumerable.Range(0, 240).Select(i => (i % 24).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var current = Csv("hour", Enumerable.Range(0, 100).Select(i => (i % 12 + 6).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var hour = Assert.Single(DriftReportMapping.ToReportInput(Compare(reference, current)).Features).Histogram!;

        Assert.Equal(Enumerable.Range(0, 24).Select(h => h.ToString(System.Globalization.CultureInfo.InvariantCulture)), hour.BinLabels);
        Assert.All(hour.Reference, count => Assert.Equal(10, count));
        Assert.Equal(0, hour.Current[5]);
        Assert.Equal(9, hour.Current[6]);  // 6 … 17, 100 values: the first four get 9
    }

    [Fact]
    public void A_column_empty_on_both_sides_is_a_table_row_without_a_chart()
    {
        var input = DriftReportMapping.ToReportInput(Compare("a,note\n1,\n2,\n", "a,note\n3,\n"));
        Assert.Null(input.Features.Single(f => f.Name == "note").Histogram);
        Assert.NotNull(input.Features.Single(f => f.Name == "a").Histogram);
    }
}
