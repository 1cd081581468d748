using Lepton.Monitor.Drift.Offline;
using Lepton.Monitor.Reporting;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.DevTools.Drift;

/// <summary>lepton-dev's <see cref="IDriftReportWriter"/>: the drift page of src/Reporting.</summary>
public sealed class DriftReportPage : IDriftReportWriter
{
    public string Write(string directory, DriftComparison comparison)
    {
        try
        {
            return ReportWriter.WriteDrift(directory, DriftReportMapping.ToReportInput(comparison));
        }
        catch (ReportInputException e)
        {
            // What the library refuses here is where the page goes (a file in the way): the verb's usage error.
            throw new DriftInputException($"--report: {e.Message}");
        }
    }
}
