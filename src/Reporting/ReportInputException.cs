namespace Lepton.Monitor.Reporting;

/// <summary>A report's input cannot be drawn as given (a NaN score, counts that contradict each other, bins that do not line up); the message names the field.</summary>
public sealed class ReportInputException(string message) : ArgumentException(message);
