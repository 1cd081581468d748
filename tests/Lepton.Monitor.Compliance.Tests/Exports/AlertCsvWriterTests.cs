using Lepton.Monitor.Compliance.Exports;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Compliance.Tests.Exports;

public sealed class AlertCsvWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData(null, "")]
    public void Cells_are_quoted_and_formulas_defused(string? value, string expected) => Assert.Equal(expected, AlertCsvWriter.Cell(value));

    [Fact]
    public async Task Writes_header_and_one_row_per_alert_with_its_disposition()
    {
        var t = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
        var alert = new Alert("al-1", "acme", "US", AlertKind.Rule, "us-ctr", "threshold", Severity.High, AlertStatus.Resolved, Disposition.TruePositive,
            "fp", t, t.AddHours(1), 2, "ent-1", [], null, null,
            new AlertExplanation("cash 12,500.00 USD ≥ 10,000.00 USD", new RuleReference("us-ctr", "threshold", "31 CFR 1010.311"), [], null), "ana", [])
        {
            UpdatedAt = t.AddHours(5),
            Version = 4,
        };
        using var writer = new StringWriter();
        await AlertCsvWriter.WriteAsync(writer, new[] { AlertExportRow.From(alert) }.ToAsyncEnumerable());
        var lines = writer.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(string.Join(',', AlertCsvWriter.Header), lines[0]);
        Assert.Equal(
            "al-1,acme,US,rule,us-ctr,threshold,31 CFR 1010.311,high,resolved,true-positive,2026-11-02T10:00:00.0000000Z,2026-11-02T11:00:00.0000000Z," +
            "2026-11-02T15:00:00.0000000Z,2,ent-1,ana,0,4,\"cash 12,500.00 USD ≥ 10,000.00 USD\"", lines[1]);
    }

    [Fact]
    public void Export_period_is_checked()
    {
        var from = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.True(AlertExportPeriod.TryCreate(from, from.AddDays(30), out var period, out _));
        Assert.True(period.Covers(from.AddDays(-3), from));           // still active at the start
        Assert.False(period.Covers(from.AddDays(-3), from.AddTicks(-1)));
        Assert.False(period.Covers(from.AddDays(30), from.AddDays(31)));
        Assert.False(AlertExportPeriod.TryCreate(from, from, out _, out var error));
        Assert.Equal("to: must be after from", error);
        Assert.False(AlertExportPeriod.TryCreate(null, from, out _, out error));
        Assert.StartsWith("from and to: both required", error, StringComparison.Ordinal);
        Assert.False(AlertExportPeriod.TryCreate(from, from.AddDays(500), out _, out error));
    }
}
