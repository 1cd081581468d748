using System.Globalization;
using System.Text;
using System.Text.Json;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Offline;
using Lepton.Monitor.Drift.Tests.Support;

namespace Lepton.Monitor.Drift.Tests.Offline;

public class OfflineDriftAnalysisTests
{
    private static CsvTable Table(int seed, int n, double shift, double otherShare)
    {
        var rng = new Random(seed);
        var text = new StringBuilder("amount,channel,note\n");
        for (var i = 0; i < n; i++)
        {
            var amount = (100 + 10 * (Samples.Gaussian(rng) + shift)).ToString("R", CultureInfo.InvariantCulture);
            var channel = rng.NextDouble() < otherShare ? "wire" : "card";
            text.Append(amount).Append(',').Append(channel).Append(',').Append(i % 7 == 0 ? "" : "x").Append('\n');
        }
        return CsvTable.Read(new StringReader(text.ToString()), $"t{seed}.csv");
    }

    [Fact]
    public void Same_distribution_is_not_drifted()
    {
        var report = OfflineDriftAnalysis.Compare(Table(1, 2_000, 0, 0.2), Table(2, 2_000, 0, 0.2));
        Assert.False(report.DatasetDrift);
        Assert.All(report.Columns, c => Assert.False(c.Drifted, c.Name));
        Assert.Equal(ColumnKind.Numeric, report.Columns[0].Kind);
        Assert.Equal(ColumnKind.Categorical, report.Columns[1].Kind);
    }

    [Fact]
    public void Shifted_columns_drift_and_the_json_has_the_documented_shape()
    {
        var report = OfflineDriftAnalysis.Compare(Table(1, 2_000, 0, 0.2), Table(3, 1_000, 0.5, 0.5));
        Assert.True(report.Columns[0].Drifted);
        Assert.True(report.Columns[1].Drifted);
        Assert.False(report.Columns[2].Drifted);
        Assert.Equal(2.0 / 3, report.DriftedShare, 12);
        Assert.True(report.DatasetDrift);

        using var json = JsonDocument.Parse(report.ToJson());
        var columns = json.RootElement.GetProperty("columns");
        var amount = columns.GetProperty("amount");
        Assert.Equal("numeric", amount.GetProperty("type").GetString());
        Assert.True(amount.GetProperty("ks").GetProperty("statistic").GetDouble() > 0.1);
        Assert.True(amount.GetProperty("ks").GetProperty("pValue").GetDouble() < 1e-6);
        Assert.True(amount.GetProperty("psi").GetDouble() > 0.2);
        Assert.InRange(amount.GetProperty("wasserstein").GetDouble(), 3, 7);
        Assert.InRange(amount.GetProperty("wassersteinNormed").GetDouble(), 0.3, 0.7);
        Assert.True(amount.GetProperty("drifted").GetBoolean());
        var channel = columns.GetProperty("channel");
        Assert.Equal("categorical", channel.GetProperty("type").GetString());
        Assert.True(channel.GetProperty("jensenShannon").GetDouble() > 0.1);
        Assert.Equal(1, channel.GetProperty("chiSquared").GetProperty("dof").GetInt32());
        Assert.True(channel.GetProperty("chiSquared").GetProperty("pValue").GetDouble() < 1e-6);
        Assert.False(channel.TryGetProperty("ks", out _));
        Assert.Equal(2.0 / 3, json.RootElement.GetProperty("driftedShare").GetDouble(), 12);
        Assert.True(json.RootElement.GetProperty("datasetDrift").GetBoolean());
    }

    [Fact]
    public void A_column_is_numeric_only_when_every_value_parses()
    {
        var reference = CsvTable.Read(new StringReader("v\n1\n2\n\n3e2\n"), "r");
        var current = CsvTable.Read(new StringReader("v\n1\nn/a\n"), "c");
        Assert.Equal(ColumnKind.Categorical, OfflineDriftAnalysis.Compare(reference, current).Columns[0].Kind);
        Assert.Equal(ColumnKind.Numeric, OfflineDriftAnalysis.Compare(reference, reference).Columns[0].Kind);
    }

    [Fact]
    public void Columns_must_match()
    {
        var reference = CsvTable.Read(new StringReader("a,b\n1,2\n"), "r.csv");
        var current = CsvTable.Read(new StringReader("a\n1\n"), "c.csv");
        Assert.Equal("r.csv: column 'b' is not in the current c.csv", Assert.Throws<DriftInputException>(() => OfflineDriftAnalysis.Compare(reference, current)).Message);
    }
}
