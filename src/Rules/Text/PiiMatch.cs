namespace Lepton.Monitor.Rules;

/// <summary>Where one piece of PII sits in a text: start, length, kind. The value itself is never copied out.</summary>
public readonly record struct PiiMatch(int Start, int Length, PiiKinds Kind);
