using Lepton.Monitor.Silo.Cli.Progress;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>A phase's status (load's figures each second): a line with the count at once, or as much as fits beside a bar.</summary>
public sealed class ProgressStatusTests
{
    [Fact]
    public void Lines_carry_the_status_after_the_count_as_soon_as_it_is_set()
    {
        using var error = new StringWriter();
        using (var phase = new LineProgress(error, TimeSpan.FromHours(1)).Begin("load", 10))
        {
            phase.Report(4);
            phase.SetStatus("second 1: 4/s, errors 0");
        }
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("load: started, 10 records", lines[0]);
        Assert.StartsWith("load: 4/10 records (40 %), ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("; second 1: 4/s, errors 0", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("load: done, 4 records", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
    }

    [Theory]
    [InlineData(80, "load")] // no room: the bar keeps its line
    [InlineData(100, "load  second 2: 1,000/s, p50 3.1 ms…")]
    [InlineData(200, "load  second 2: 1,000/s, p50 3.1 ms, p99 9.8 ms, errors 0, rss 212 MiB, gc heap 61 MiB")]
    public void Beside_a_bar_the_status_is_cut_to_the_console_width(int width, string expected) =>
        Assert.Equal(expected, SpectreProgress.Describe("load", "second 2: 1,000/s, p50 3.1 ms, p99 9.8 ms, errors 0, rss 212 MiB, gc heap 61 MiB", width));
}
