namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// Draws `lepton drift --report DIR`. The page's charts need ScottPlot and SkiaSharp, which the product executable does
/// not carry: lepton-dev plugs a writer into its drift verb, and the product's drift verb forwards to lepton-dev instead.
/// </summary>
public interface IDriftReportWriter
{
    /// <summary>Writes the report page of <paramref name="comparison"/> into <paramref name="directory"/>; returns index.html's full path.</summary>
    /// <exception cref="Lepton.Monitor.Drift.Offline.DriftInputException">The directory cannot hold a report (e.g. it is a file).</exception>
    string Write(string directory, DriftComparison comparison);
}
