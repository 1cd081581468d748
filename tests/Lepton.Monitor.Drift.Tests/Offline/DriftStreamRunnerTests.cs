using System.Globalization;
using System.Text;
using Lepton.Monitor.Drift.Offline;
using Lepton.Monitor.Drift.Streaming;
using Lepton.Monitor.Drift.Tests.Support;

namespace Lepton.Monitor.Drift.Tests.Offline;

public class DriftStreamRunnerTests
{
    [Fact]
    public void Prints_the_indices_of_detections()
    {
        var rng = new Random(5);
        var input = new StringBuilder();
        for (var i = 0; i < 3000; i++)
            input.Append(((i < 1500 ? 0.2 : 0.8) + 0.1 * Samples.Gaussian(rng)).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        var output = new StringWriter();
        var detections = DriftStreamRunner.Run(new StringReader(input.ToString()), output, new AdwinDetector());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        Assert.Equal(detections, lines.Length);
        Assert.InRange(lines[0], 1500, 1600);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_a_bad_line_is_named()
    {
        var e = Assert.Throws<DriftInputException>(() => DriftStreamRunner.Run(new StringReader("1\n\n2.5\nabc\n"), new StringWriter(), new PageHinkleyDetector()));
        Assert.Equal("stdin line 4: 'abc' is not a finite number", e.Message);
        Assert.Throws<DriftInputException>(() => DriftStreamRunner.Run(new StringReader("NaN\n"), new StringWriter(), new PageHinkleyDetector()));
    }
}
