using System.Diagnostics;

namespace Lepton.Monitor.Reporting;

/// <summary>The span each report write opens (<c>report.write</c>, tagged with the report kind and chart count); the host's <c>Lepton.Monitor.*</c> source filter picks it up.</summary>
public static class ReportingTelemetry
{
    public const string ActivitySourceName = "Lepton.Monitor.Reporting";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
}
