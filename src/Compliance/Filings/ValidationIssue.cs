namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// One problem with a report: where (<see cref="Path"/>, e.g. <c>/EFilingBatchXML/Activity[1]/Party[6]/PartyName[1]</c>,
/// or the draft field), what is wrong, and which check found it (<c>xsd</c>, <c>goaml</c>, <c>draft</c>).
/// <see cref="Line"/> and <see cref="Column"/> point into the exported XML when known.
/// </summary>
public sealed record ValidationIssue(string Path, string Message, string Source, int? Line = null, int? Column = null);
