using System.Globalization;
using Lepton.Monitor.Drift.Streaming;

namespace Lepton.Monitor.Drift.Offline;

/// <summary>
/// `lepton drift-stream`: feeds one number per line to a streaming detector and writes the 0-based index of every value
/// at which it detected drift, one per line. Blank lines are skipped and do not count as values; anything else that is
/// not a finite number (invariant culture) stops the run with its line number.
/// </summary>
public static class DriftStreamRunner
{
    public static long Run(TextReader input, TextWriter output, IStreamingDriftDetector detector, string source = "stdin")
    {
        long index = 0, detections = 0;
        var line = 0;
        string? text;
        while ((text = input.ReadLine()) is not null)
        {
            line++;
            var trimmed = text.AsSpan().Trim();
            if (trimmed.IsEmpty)
                continue;
            if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw new DriftInputException($"{source} line {line}: '{Shorten(text)}' is not a finite number");
            if (detector.Update(value))
            {
                output.WriteLine(index.ToString(CultureInfo.InvariantCulture));
                detections++;
            }
            index++;
        }
        return detections;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
