namespace Lepton.Monitor.Drift.Offline;

/// <summary>Bad input to an offline analysis (missing file, ragged CSV row, non-numeric stream line); the message names the file and line.</summary>
public sealed class DriftInputException(string message) : Exception(message);
