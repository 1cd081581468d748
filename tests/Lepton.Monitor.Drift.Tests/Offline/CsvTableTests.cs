using Lepton.Monitor.Drift.Offline;

namespace Lepton.Monitor.Drift.Tests.Offline;

public class CsvTableTests
{
    private static CsvTable Parse(string text) => CsvTable.Read(new StringReader(text), "t.csv");

    [Fact]
    public void Header_rows_and_quoted_fields()
    {
        var t = Parse("amount,memo,country\r\n12.5,\"rent, june\",US\n3,\"say \"\"hi\"\"\",\"G\nB\"\n");
        Assert.Equal(["amount", "memo", "country"], t.Header);
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal("rent, june", t.Rows[0][1]);
        Assert.Equal("say \"hi\"", t.Rows[1][1]);
        Assert.Equal("G\nB", t.Rows[1][2]);
    }

    [Fact]
    public void Ragged_row_names_its_line()
    {
        var e = Assert.Throws<DriftInputException>(() => Parse("a,b\n1,2\n\"x\ny\",3\n4\n"));
        Assert.Equal("t.csv line 5: expected 2 fields as in the header, found 1", e.Message);
    }

    [Fact]
    public void Unclosed_quote_and_stray_quotes_are_errors()
    {
        Assert.Contains("line 2", Assert.Throws<DriftInputException>(() => Parse("a\n\"open\n")).Message);
        Assert.Contains("line 2", Assert.Throws<DriftInputException>(() => Parse("a,b\nx\"y,1\n")).Message);
        Assert.Contains("line 2", Assert.Throws<DriftInputException>(() => Parse("a,b\n\"x\"y,1\n")).Message);
        Assert.Contains("empty file", Assert.Throws<DriftInputException>(() => Parse("")).Message);
        Assert.Contains("appears twice", Assert.Throws<DriftInputException>(() => Parse("a,a\n1,2\n")).Message);
    }

    [Fact]
    public void Missing_file_is_an_input_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.csv");
        Assert.Equal($"{path}: file not found", Assert.Throws<DriftInputException>(() => CsvTable.ReadFile(path)).Message);
    }
}
