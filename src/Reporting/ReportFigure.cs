namespace Lepton.Monitor.Reporting;

/// <summary>One headline figure shown at the top of a page as written (e.g. "accepted", "98,012"): the caller formats it.</summary>
public sealed record ReportFigure(string Name, string Value);
